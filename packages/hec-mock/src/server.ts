import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { sleep } from '@firehose-splunk/internal';
import { AckTracker, DEFAULT_ACK_OPTIONS, type AckOptions } from './ack-tracker.js';
import { authenticate, type TokenConfig } from './auth.js';
import { isValidChannel } from './channel.js';
import { bump, EventStore, type EventQuery, type HecCounters } from './event-store.js';
import { checkEvent, indexedEvent, parseTime, type IndexedEvent } from './event-validation.js';
import { nextAction, NO_FAULTS, parseFaultUpdate, type FaultOptions } from './faults.js';
import { HEC, responseBody, type HecStatus } from './hec-status.js';
import { splitConcatenatedJson } from './json-stream.js';

/** Options of a mock HEC server. */
export interface HecMockOptions {
  /** 0 (default) picks a free port. */
  port?: number;
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
  /** Largest request body accepted, in bytes (default 100 MB). */
  maxBodyBytes?: number;
  tls?: { cert: string | Buffer; key: string | Buffer };
  /** Random source for probabilistic faults (tests pass a seeded one). */
  random?: () => number;
}

/** A running mock: its URL, what it indexed, and controls. */
export interface HecMock {
  url: string;
  port: number;
  events(query?: EventQuery): IndexedEvent[];
  counters(): HecCounters;
  setFaults(update: Partial<FaultOptions>): void;
  faults(): FaultOptions;
  reset(): void;
  stop(): Promise<void>;
}

export const DEFAULT_TOKEN = '00000000-0000-0000-0000-000000000000';

const EVENT_PATHS = new Set(['/services/collector', '/services/collector/event', '/services/collector/event/1.0']);
const RAW_PATHS = new Set(['/services/collector/raw', '/services/collector/raw/1.0']);
const HEALTH_PATHS = new Set(['/services/collector/health', '/services/collector/health/1.0']);
const ACK_PATH = '/services/collector/ack';

function readBody(req: IncomingMessage, limit: number): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        // Stop buffering; the rest of the body is read and discarded so the answer can go out.
        if (chunks.length > 0) chunks.length = 0;
        resolve('too-large');
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Starts a Splunk HEC mock on loopback (by default) and resolves once it listens. */
export async function startHecMock(options: HecMockOptions = {}): Promise<HecMock> {
  const defaultAck = options.ack ?? true;
  const tokens = new Map<string, TokenConfig>();
  for (const t of options.tokens ?? [DEFAULT_TOKEN]) {
    const config = typeof t === 'string' ? { token: t, ack: defaultAck } : t;
    tokens.set(config.token, config);
  }
  const acks = new AckTracker({ ...DEFAULT_ACK_OPTIONS, ...options.ackOptions });
  const store = new EventStore(options.maxEvents ?? 100_000, options.jsonlPath);
  let faults: FaultOptions = { ...NO_FAULTS, ...options.faults, script: [...(options.faults?.script ?? [])] };
  const random = options.random ?? Math.random;
  const maxBody = options.maxBodyBytes ?? 100 * 1024 * 1024;

  const send = (res: ServerResponse, status: HecStatus, extra: Parameters<typeof responseBody>[1] = {}) => {
    bump(store.counters.responsesByCode, String(status.code));
    const body = JSON.stringify(responseBody(status, extra));
    res.writeHead(status.httpStatus, { 'Content-Type': 'application/json; charset=UTF-8', 'Content-Length': Buffer.byteLength(body) });
    res.end(body);
  };
  const sendJson = (res: ServerResponse, status: number, value: unknown) => {
    const body = JSON.stringify(value);
    res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
    res.end(body);
  };

  async function inspection(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const path = url.pathname;
    if (path === '/__mock/events' && req.method === 'GET') {
      const query: EventQuery = {};
      for (const key of ['index', 'sourcetype', 'source'] as const) {
        const value = url.searchParams.get(key);
        if (value !== null) query[key] = value;
      }
      const limit = url.searchParams.get('limit');
      if (limit !== null) query.limit = Number(limit);
      const events = store.query(query);
      sendJson(res, 200, { count: events.length, events });
    } else if (path === '/__mock/counts' && req.method === 'GET') {
      sendJson(res, 200, { ...store.counters, channels: acks.channelCount });
    } else if (path === '/__mock/reset' && req.method === 'POST') {
      mock.reset();
      sendJson(res, 200, { reset: true });
    } else if (path === '/__mock/faults' && req.method === 'GET') {
      sendJson(res, 200, faults);
    } else if (path === '/__mock/faults' && (req.method === 'POST' || req.method === 'PUT')) {
      const body = await readBody(req, 1024 * 1024);
      let update: ReturnType<typeof parseFaultUpdate>;
      try {
        update = parseFaultUpdate(JSON.parse(body.toString()));
      } catch {
        update = 'the body is not JSON';
      }
      if (typeof update === 'string') sendJson(res, 400, { error: update });
      else {
        mock.setFaults(update);
        sendJson(res, 200, faults);
      }
    } else {
      sendJson(res, 404, { error: `no inspection route ${req.method} ${path}: use GET /__mock/events, GET /__mock/counts, POST /__mock/reset, GET|POST /__mock/faults` });
    }
  }

  async function collector(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const path = url.pathname.replace(/\/+$/, '') || '/';
    const isEvent = EVENT_PATHS.has(path);
    const isRaw = RAW_PATHS.has(path);
    const isAck = path === ACK_PATH;
    const isHealth = HEALTH_PATHS.has(path);
    if (!isEvent && !isRaw && !isAck && !isHealth) {
      sendJson(res, 404, { text: 'The requested URL was not found on this server.', code: 404 });
      return;
    }
    store.counters.requests++;
    const action = nextAction(faults, random);
    if (action !== 'ok') bump(store.counters.faultsInjected, action);
    if (faults.latencyMs > 0) await sleep(faults.latencyMs);
    if (action === 'slow') await sleep(faults.slowMs);
    if (action === 'drop') {
      req.socket.destroy();
      return;
    }
    if (isHealth) {
      send(res, action === 'busy' ? HEC.unhealthyQueuesFull : HEC.healthy);
      return;
    }
    if (action === 'busy') return send(res, HEC.serverBusy);
    if (action === 'internal') return send(res, HEC.internalError);

    const auth = authenticate(req.headers.authorization, url.searchParams.get('token'), tokens, options.allowQueryStringToken ?? false);
    if (!auth.ok) return send(res, auth.status);
    const token = auth.token;
    const channel = (req.headers['x-splunk-request-channel'] as string | undefined) ?? url.searchParams.get('channel') ?? undefined;
    const channelProblem = channel === undefined ? HEC.channelMissing : !isValidChannel(channel) ? HEC.invalidChannel : undefined;

    const rawBody = await readBody(req, maxBody);
    if (rawBody === 'too-large') {
      // Splunk answers an over-long body with 413 before indexing anything.
      bump(store.counters.responsesByCode, '413');
      sendJson(res, 413, { text: `Content-Length of request too large (maximum is ${maxBody})`, code: 413 });
      return;
    }
    let body = rawBody;
    if (/gzip/i.test(req.headers['content-encoding'] ?? '')) {
      try {
        body = gunzipSync(rawBody);
      } catch {
        return send(res, HEC.invalidDataFormat);
      }
    }

    if (isAck) {
      if (!token.ack) return send(res, HEC.ackDisabled);
      if (channelProblem || channel === undefined) return send(res, channelProblem ?? HEC.channelMissing);
      let ids: unknown;
      try {
        ids = (JSON.parse(body.toString('utf8')) as { acks?: unknown }).acks;
      } catch {
        return send(res, HEC.invalidDataFormat);
      }
      if (!Array.isArray(ids) || !ids.every((id) => Number.isInteger(id) && id >= 0)) return send(res, HEC.invalidDataFormat);
      store.counters.ackQueries++;
      bump(store.counters.responsesByCode, '0');
      sendJson(res, 200, { acks: acks.query(channel, ids as number[]) });
      return;
    }

    if ((token.ack || isRaw) && channelProblem) return send(res, channelProblem);
    if (token.ack && channel !== undefined && !acks.canAccept(channel)) return send(res, HEC.serverBusy);
    const text = body.toString('utf8');
    if (text.trim() === '') return send(res, HEC.noData);

    const receivedAt = Date.now();
    const defaults = {
      time: receivedAt / 1000,
      host: req.socket.remoteAddress ?? 'localhost',
      source: `http:${token.name ?? 'hec-mock'}`,
      sourcetype: token.defaultSourcetype ?? 'httpevent',
      index: token.defaultIndex ?? 'main',
    };
    const allowed = token.allowedIndexes;
    const indexAllowed = (index: string) => !allowed || allowed.length === 0 || allowed.includes(index);
    const accepted: IndexedEvent[] = [];

    if (isRaw) {
      const meta = { ...defaults };
      for (const key of ['host', 'source', 'sourcetype', 'index'] as const) {
        const value = url.searchParams.get(key);
        if (value) meta[key] = value;
      }
      const time = url.searchParams.get('time');
      if (time !== null) {
        const parsed = parseTime(time);
        if (parsed === undefined) return send(res, HEC.invalidDataFormat);
        meta.time = parsed;
      }
      if (!indexAllowed(meta.index)) return send(res, HEC.incorrectIndex);
      for (const line of text.split(/\r?\n/)) {
        if (line.trim() === '') continue;
        accepted.push(indexedEvent({ time: meta.time, host: meta.host, source: meta.source, sourcetype: meta.sourcetype, index: meta.index, event: line }, 'raw', token.token, receivedAt, channel));
      }
      if (accepted.length === 0) return send(res, HEC.noData);
    } else {
      const split = splitConcatenatedJson(text);
      const values = split.ok ? split.values : split.valuesBefore;
      for (let i = 0; i < values.length; i++) {
        const check = checkEvent(values[i], defaults, indexAllowed);
        if (!check.ok) {
          // HEC indexes the events before the bad one and none after it.
          store.add(accepted);
          return send(res, check.status, { invalidEventNumber: i });
        }
        accepted.push(indexedEvent(check.event, 'event', token.token, receivedAt, channel));
      }
      if (!split.ok) {
        store.add(accepted);
        return send(res, HEC.invalidDataFormat, { invalidEventNumber: split.badIndex });
      }
      if (accepted.length === 0) return send(res, HEC.noData);
    }

    if (token.ack && channel !== undefined) {
      const never = faults.ackNeverProbability > 0 && random() < faults.ackNeverProbability;
      const extra = never ? Number.POSITIVE_INFINITY : faults.ackExtraDelayMs;
      const ackId = acks.issue(channel, extra);
      store.counters.acksIssued++;
      for (const event of accepted) event.ackId = ackId;
      store.add(accepted);
      return send(res, HEC.success, { ackId });
    }
    store.add(accepted);
    send(res, HEC.success);
  }

  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://hec-mock');
    const route = url.pathname.startsWith('/__mock/') ? inspection(req, res, url) : collector(req, res, url);
    route.catch((error: unknown) => {
      if (!res.headersSent) send(res, HEC.internalError);
      else res.destroy(error as Error);
    });
  };
  const server: Server = options.tls ? createHttpsServer({ cert: options.tls.cert, key: options.tls.key }, handler) : createHttpServer(handler);
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const host = options.host ?? '127.0.0.1';
  const url = `${options.tls ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${port}`;

  const mock: HecMock = {
    url,
    port,
    events: (query) => store.query(query),
    counters: () => structuredClone(store.counters),
    setFaults(update) {
      faults = { ...faults, ...update, script: [...(update.script ?? faults.script)] };
    },
    faults: () => ({ ...faults, script: [...faults.script] }),
    reset() {
      store.reset();
      acks.reset();
      faults = { ...NO_FAULTS, script: [] };
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
  return mock;
}
