import { CodedError } from '@firehose-splunk/internal';
import type { AckState } from './acks/ack-tracker.js';
import type { FaultOptions } from './chaos/faults.js';
import type { EventDetail } from './inspection/event-row.js';
import type { EventQuery } from './store/event-query.js';
import type { HecCounters, StoredEvent } from './store/event-store.js';
import type { WaitResult } from './store/event-waiters.js';

export interface HecMockClientOptions {
  /** The inspection token, when the mock was started with --inspect-token. */
  inspectToken?: string;
  /** fetch to use (tests may pass their own). */
  fetch?: typeof fetch;
}

/** A request to the mock's inspection API failed, or a wait ran out of time. */
export class HecMockClientError extends CodedError<'HEC_MOCK_UNREACHABLE' | 'HEC_MOCK_REJECTED' | 'WAIT_TIMED_OUT'> {
  constructor(
    code: 'HEC_MOCK_UNREACHABLE' | 'HEC_MOCK_REJECTED' | 'WAIT_TIMED_OUT',
    message: string,
    readonly details: { status?: number; result?: WaitResult } = {},
    cause?: unknown,
  ) {
    super(code, message, { cause });
  }
}

/** The server holds a wait at most this long; longer waits are made of several. */
const SERVER_WAIT_SLICE_MS = 60_000;

function toSearch(query: EventQuery & { min?: number; wait?: number }): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, String(value));
  const text = params.toString();
  return text ? `?${text}` : '';
}

/**
 * A typed client for hec-mock's inspection API, for tests in another process than the mock
 * (a CI job that starts `npx hec-mock`, a container). Uses fetch; nothing else.
 */
export class HecMockClient {
  private readonly base: string;
  private readonly fetch: typeof fetch;
  private readonly headers: Record<string, string>;

  constructor(url: string, options: HecMockClientOptions = {}) {
    this.base = url.replace(/\/+$/, '');
    this.fetch = options.fetch ?? fetch;
    this.headers = options.inspectToken ? { 'X-HEC-Mock-Token': options.inspectToken } : {};
  }

  /** The events kept, filtered, oldest first. */
  async events(query: EventQuery = {}): Promise<StoredEvent[]> {
    return (await this.request<WaitResult>('GET', `/__mock/events${toSearch(query)}`)).events;
  }

  /** One event in full, with its ack state. */
  async event(seq: number): Promise<EventDetail> {
    return this.request<EventDetail>('GET', `/__mock/events/${seq}`);
  }

  /**
   * Resolves with the matching events once at least `min` have arrived; throws
   * HecMockClientError WAIT_TIMED_OUT (with what did arrive) after `timeoutMs`. The server
   * answers as soon as they are there: no polling.
   */
  async waitForEvents(query: EventQuery & { min: number; timeoutMs: number }): Promise<StoredEvent[]> {
    const { min, timeoutMs, ...filters } = query;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const wait = Math.max(0, Math.min(SERVER_WAIT_SLICE_MS, deadline - Date.now()));
      const result = await this.request<WaitResult>('GET', `/__mock/events${toSearch({ ...filters, min, wait })}`);
      if (!result.timedOut) return result.events;
      if (Date.now() >= deadline) {
        throw new HecMockClientError('WAIT_TIMED_OUT', `${result.count} of the ${min} events wanted arrived within ${timeoutMs} ms (filters: ${JSON.stringify(filters)})`, { result });
      }
    }
  }

  async counts(): Promise<HecCounters & { channels: number }> {
    return this.request('GET', '/__mock/counts');
  }

  async reset(): Promise<void> {
    await this.request('POST', '/__mock/reset');
  }

  async faults(): Promise<FaultOptions> {
    return this.request('GET', '/__mock/faults');
  }

  async setFaults(update: Partial<FaultOptions>): Promise<FaultOptions> {
    return this.request('POST', '/__mock/faults', update);
  }

  /** Where the ack of an event stands. */
  async ackState(seq: number): Promise<AckState | 'no ack'> {
    return (await this.event(seq)).ackState;
  }

  private async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    let response: Response;
    try {
      response = await this.fetch(`${this.base}${path}`, {
        method,
        headers: { ...this.headers, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch (error) {
      throw new HecMockClientError('HEC_MOCK_UNREACHABLE', `${method} ${this.base}${path} failed: is hec-mock running there?`, {}, error);
    }
    const text = await response.text();
    if (!response.ok) {
      throw new HecMockClientError('HEC_MOCK_REJECTED', `${method} ${path} answered ${response.status}: ${text}`, { status: response.status });
    }
    return JSON.parse(text) as T;
  }
}
