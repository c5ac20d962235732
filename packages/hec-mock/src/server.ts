import { sleep } from '@firehose-splunk/internal';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { AckTracker, DEFAULT_ACK_OPTIONS, type AckOptions } from './acks/ack-tracker.js';
import { NO_FAULTS, type FaultOptions } from './chaos/faults.js';
import type { TokenConfig } from './collector/auth.js';
import { HEC } from './collector/hec-status.js';
import { BodyBudget } from './http/body-budget.js';
import { RequestTarget } from './http/request-target.js';
import { sendJson } from './http/respond.js';
import { methodNotAllowed, NOT_FOUND_BODY, options as answerOptions } from './http/splunkd-answers.js';
import { hasInspectToken } from './inspection/inspection-api.js';
import { LiveStream } from './inspection/live-stream.js';
import type { MockContext, SplunkFlavor } from './mock-context.js';
import { findRoute, inspectionRouteList } from './routes.js';
import type { EventQuery } from './store/event-query.js';
import { EventStore, type HecCounters, type StoredEvent } from './store/event-store.js';
import { EventWaiters, type WaitResult } from './store/event-waiters.js';
import { answerClientError } from './http/client-error.js';

/** Options of a mock HEC server. */
export interface HecMockOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Address to bind; loopback by default, since the inspection API shows everything indexed. */
  host?: string;
  /** Tokens; a plain string is a token with acknowledgement set by `ack`. */
  tokens?: Array<TokenConfig | string>;
  /** Acknowledgement for tokens given as plain strings (default true). */
  ack?: boolean;
  ackOptions?: Partial<AckOptions>;
  allowQueryStringToken?: boolean;
  faults?: Partial<FaultOptions>;
  /** Events kept in memory; later events are counted only (default 100,000). */
  maxEvents?: number;
  /** Also append every indexed event to this JSONL file. */
  jsonlPath?: string;
  /** Which Splunk to answer as where they differ (default enterprise). */
  flavor?: SplunkFlavor;
  /**
   * max_content_length, the largest request body: Splunk Enterprise's default 838,860,800
   * bytes, answered 413 past it; Splunk Cloud's cap 5,242,880, answered 400 code 6.
   */
  maxBodyBytes?: number;
  /** maxEventSize, the largest single event (Splunk's default 5 MB), answered code 6 past it. */
  maxEventBytes?: number;
  /** Bytes of request bodies held in memory at once across requests (default 64 MiB); past it, 503 Server is busy. */
  maxBufferedBodyBytes?: number;
  tls?: { cert: string | Buffer; key: string | Buffer };
  /** Serve the web view at /__mock/ui (default true). */
  ui?: boolean;
  /** Require this token on every /__mock/* request. */
  inspectToken?: string;
  /** Random source for probabilistic faults (tests pass a seeded one). */
  random?: () => number;
  /** Called once the mock has stopped, however it was stopped (the CLI exits then). */
  onStopped?: () => void;
}

/** A running mock: its URL, what it indexed, and controls. */
export interface HecMock {
  url: string;
  port: number;
  events(query?: EventQuery): StoredEvent[];
  /** Resolves once at least `min` events match, or when `timeoutMs` has passed (then `timedOut`). */
  waitForEvents(query: EventQuery & { min: number; timeoutMs: number }): Promise<WaitResult>;
  counters(): HecCounters;
  setFaults(update: Partial<FaultOptions>): void;
  faults(): FaultOptions;
  reset(): void;
  /**
   * Stops accepting connections, lets requests in flight finish (up to `graceMs`, default
   * 1.5 s), answers waiting inspection requests, ends live streams, then closes.
   */
  stop(options?: { graceMs?: number }): Promise<void>;
}

export const DEFAULT_TOKEN = '00000000-0000-0000-0000-000000000000';
/** Events kept in memory unless `maxEvents` says otherwise. */
export const DEFAULT_MAX_EVENTS = 100_000;
/**
 * Splunk Enterprise's `[http_input] max_content_length` default (10.4.3 measured; releases
 * before 7.x had 1,000,000).
 * @see https://docs.splunk.com/Documentation/Splunk/latest/Admin/Limitsconf
 */
export const ENTERPRISE_MAX_CONTENT_LENGTH = 838_860_800;
/** Splunk Cloud's body cap: bodies of 5,242,881 bytes were refused and 5,242,880 accepted (10.5.2605.9 measured). */
export const CLOUD_MAX_CONTENT_LENGTH = 5_242_880;
/**
 * inputs.conf `[http] maxEventSize` default: 5 MB.
 * @see https://docs.splunk.com/Documentation/Splunk/latest/Admin/Inputsconf
 */
export const DEFAULT_MAX_EVENT_BYTES = 5 * 1024 * 1024;
/** Request bodies held in memory at once, unless `maxBufferedBodyBytes` says otherwise. */
export const DEFAULT_MAX_BUFFERED_BODY_BYTES = 64 * 1024 * 1024;
/**
 * How long a client may take to send its request headers, and its whole request: a
 * slowloris connection is closed then, and nothing else waits for it.
 */
export const HEADERS_TIMEOUT_MS = 30_000;
export const REQUEST_TIMEOUT_MS = 300_000;
/** How long `stop()` lets requests in flight finish. */
export const DEFAULT_STOP_GRACE_MS = 1_500;

/** Starts a Splunk HEC mock on loopback (by default) and resolves once it listens. */
export async function startHecMock(options: HecMockOptions = {}): Promise<HecMock> {
  return (await launchHecMock(options)).mock;
}

/** What `--splunk-compat` needs beyond the public mock: its state, its handler, its listener. */
export interface LaunchedHecMock {
  mock: HecMock;
  ctx: MockContext;
  /** The mock's request handler, for another listener that serves `/__mock/*` too. */
  handle: (req: IncomingMessage, res: ServerResponse) => void;
  /**
   * HEC's global switch: off, the port stops listening (connections are refused, as when
   * splunkd's `[http] disabled = 1`); on, it listens on the same port again.
   */
  setListening(listening: boolean): Promise<void>;
}

/** Starts a mock and hands back its internals too (not part of the package's API). */
export async function launchHecMock(options: HecMockOptions = {}): Promise<LaunchedHecMock> {
  const defaultAck = options.ack ?? true;
  const tokens = new Map<string, TokenConfig>();
  for (const t of options.tokens ?? [DEFAULT_TOKEN]) {
    const config = typeof t === 'string' ? { token: t, ack: defaultAck } : t;
    tokens.set(config.token, config);
  }
  const acks = new AckTracker({ ...DEFAULT_ACK_OPTIONS, ...options.ackOptions });
  const store = new EventStore(options.maxEvents ?? DEFAULT_MAX_EVENTS, options.jsonlPath);
  const waiters = new EventWaiters(store);
  let faults: FaultOptions = { ...NO_FAULTS, ...options.faults, script: [...(options.faults?.script ?? [])] };
  const live = new LiveStream(store, acks, () => faults);

  const flavor = options.flavor ?? 'enterprise';
  const ctx: MockContext = {
    flavor,
    tokens,
    acks,
    store,
    waiters,
    live,
    faults: () => faults,
    setFaults(update) {
      faults = { ...faults, ...update, script: [...(update.script ?? faults.script)] };
      live.faultsChanged();
    },
    reset() {
      store.reset();
      acks.reset();
      faults = { ...NO_FAULTS, script: [] };
      live.faultsChanged();
    },
    restart() {
      // What was accepted but not yet indexed is gone, and so is every channel with its acks.
      store.removeLost((e) => e.channel !== undefined && e.ackId !== undefined && ['pending', 'never'].includes(acks.state(e.channel, e.ackId)));
      acks.reset();
    },
    shutdown: () => void mock.stop(),
    random: options.random ?? Math.random,
    allowQueryStringToken: options.allowQueryStringToken ?? false,
    maxBodyBytes: options.maxBodyBytes ?? (flavor === 'cloud' ? CLOUD_MAX_CONTENT_LENGTH : ENTERPRISE_MAX_CONTENT_LENGTH),
    maxEventBytes: options.maxEventBytes ?? DEFAULT_MAX_EVENT_BYTES,
    bodyBudget: new BodyBudget(options.maxBufferedBodyBytes ?? DEFAULT_MAX_BUFFERED_BODY_BYTES),
    ui: options.ui ?? true,
    inspectToken: options.inspectToken,
  };

  let inFlight = 0;
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    inFlight++;
    res.once('close', () => inFlight--);
    const url = new RequestTarget(req.url ?? '/');
    const inspecting = url.pathname.startsWith('/__mock/');
    const path = inspecting ? url.pathname : url.pathname.replace(/\/+$/, '') || '/';
    if (inspecting && ctx.inspectToken !== undefined && !hasInspectToken(ctx.inspectToken, req, url)) {
      return sendJson(res, 401, { error: 'this mock requires its inspection token: X-HEC-Mock-Token, Authorization: Bearer, or ?inspect_token=' });
    }
    const method = req.method ?? 'GET';
    const found = findRoute(method, path);
    if (found === undefined || ('allow' in found && found.area === 'inspection')) {
      if (inspecting) return sendJson(res, 404, { error: `no inspection route ${method} ${path}: use ${inspectionRouteList()}` });
      return sendJson(res, 404, NOT_FOUND_BODY);
    }
    if ('allow' in found) {
      // Splunk answers OPTIONS on every HEC path without a token, and any other method 405.
      const allow = found.allow.join(',');
      return method === 'OPTIONS' ? answerOptions(res, allow) : methodNotAllowed(res, allow);
    }
    // Most requests finish without awaiting anything: no promise is made for them.
    const failed = (error: unknown) => {
      if (!res.headersSent) sendJson(res, HEC.internalError.httpStatus, { text: HEC.internalError.text, code: HEC.internalError.code });
      else res.destroy(error as Error);
    };
    try {
      found.route.handle(ctx, req, res, url, found.params)?.catch(failed);
    } catch (error) {
      failed(error);
    }
  };
  const server: Server = options.tls ? createHttpsServer({ cert: options.tls.cert, key: options.tls.key }, handler) : createHttpServer(handler);
  server.keepAliveTimeout = 60_000;
  server.headersTimeout = HEADERS_TIMEOUT_MS;
  server.requestTimeout = REQUEST_TIMEOUT_MS;
  server.on('clientError', answerClientError);
  const host = options.host ?? '127.0.0.1';
  const listen = (onPort: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(onPort, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  await listen(options.port ?? 0);
  const port = (server.address() as AddressInfo).port;
  let listening = true;
  const url = `${options.tls ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${port}`;

  let stopping: Promise<void> | undefined;
  const stop = async (graceMs: number) => {
    // A listener switched off is already closed: its close callback then carries an error, which is fine.
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    waiters.releaseAll();
    live.close();
    server.closeIdleConnections?.();
    const deadline = Date.now() + graceMs;
    while (inFlight > 0 && Date.now() < deadline) await sleep(10);
    server.closeAllConnections?.();
    await closed;
    options.onStopped?.();
  };

  const mock: HecMock = {
    url,
    port,
    events: (query) => store.query(query),
    waitForEvents: ({ min, timeoutMs, ...query }) => waiters.wait(query, min, timeoutMs),
    counters: () => structuredClone(store.counters),
    setFaults: (update) => ctx.setFaults(update),
    faults: () => ({ ...faults, script: [...faults.script] }),
    reset: () => ctx.reset(),
    stop: (stopOptions) => (stopping ??= stop(stopOptions?.graceMs ?? DEFAULT_STOP_GRACE_MS)),
  };
  const setListening = async (on: boolean) => {
    if (on === listening || stopping) return;
    listening = on;
    if (on) return listen(port);
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections?.();
    await closed;
  };
  return { mock, ctx, handle: handler, setListening };
}
