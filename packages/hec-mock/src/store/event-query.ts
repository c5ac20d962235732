import { safeStringify } from '../http/safe-json.js';
import type { StoredEvent } from './event-store.js';

/**
 * Filters for reading events back, the same for the library, the inspection API
 * (`GET /__mock/events?...`), the client and the web view.
 */
export interface EventQuery {
  index?: string;
  sourcetype?: string;
  source?: string;
  host?: string;
  channel?: string;
  /** A substring of the event's text (a JSON event is searched as its JSON text). */
  q?: string;
  /** Only events received at or after this time (epoch ms). */
  since?: number;
  /** Only events with a sequence number above this one (for following a live store). */
  after?: number;
  /** At most this many, the oldest first. */
  limit?: number;
}

const EXACT_KEYS = ['index', 'sourcetype', 'source', 'host', 'channel'] as const;

/** The query's filters as one predicate; `limit` is applied by the caller. */
export function matcher(query: EventQuery): (event: StoredEvent) => boolean {
  const exact = EXACT_KEYS.filter((k) => query[k] !== undefined);
  const { q, since, after } = query;
  return (e) => {
    for (const key of exact) if (e[key] !== query[key]) return false;
    if (since !== undefined && e.receivedAt < since) return false;
    if (after !== undefined && e.seq <= after) return false;
    if (q !== undefined && !eventText(e).includes(q)) return false;
    return true;
  };
}

/** The event as text: a string as it is, anything else as its JSON. */
export function eventText(e: StoredEvent): string {
  return typeof e.event === 'string' ? e.event : safeStringify(e.event);
}

/** Names of the query-string parameters the inspection API reads, with their parsers. */
export function queryFromSearchParams(params: URLSearchParams): EventQuery | string {
  const query: EventQuery = {};
  for (const key of [...EXACT_KEYS, 'q'] as const) {
    const value = params.get(key);
    if (value !== null) query[key] = value;
  }
  for (const key of ['since', 'after', 'limit'] as const) {
    const value = params.get(key);
    if (value === null) continue;
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0) return `${key} must be a whole number, not "${value}"`;
    query[key] = n;
  }
  return query;
}
