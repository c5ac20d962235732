import { sleep } from '@firehose-splunk/internal';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { nextAction } from '../chaos/faults.js';
import { readBody, sendJson } from '../http/respond.js';
import type { MockContext } from '../mock-context.js';
import { bump } from '../store/event-store.js';
import { authenticate } from './auth.js';
import { isValidChannel } from './channel.js';
import { checkEvent, indexedEvent, parseTime, type IndexedEvent } from './event-validation.js';
import { HEC, responseBody, type HecStatus } from './hec-status.js';
import { splitConcatenatedJson } from './json-stream.js';

/** Which collector endpoint a request is for. */
export type CollectorEndpoint = 'event' | 'raw' | 'ack' | 'health';

/** Writes a HEC answer and counts it by its code. */
export function sendHec(ctx: MockContext, res: ServerResponse, status: HecStatus, extra: Parameters<typeof responseBody>[1] = {}): void {
  bump(ctx.store.counters.responsesByCode, String(status.code));
  sendJson(res, status.httpStatus, responseBody(status, extra));
}

/**
 * One request to a HEC endpoint, as Splunk answers it: faults first (they stand for what is in
 * front of HEC or what HEC suffers), then authentication, the channel, the body, the events.
 */
export async function handleCollector(ctx: MockContext, endpoint: CollectorEndpoint, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const { store } = ctx;
  store.counters.requests++;
  const faults = ctx.faults();
  const action = nextAction(faults, ctx.random);
  if (action !== 'ok') bump(store.counters.faultsInjected, action);
  if (faults.latencyMs > 0) await sleep(faults.latencyMs);
  if (action === 'slow') await sleep(faults.slowMs);
  if (action === 'drop') {
    req.socket.destroy();
    return;
  }
  if (endpoint === 'health') return sendHec(ctx, res, action === 'busy' ? HEC.unhealthyQueuesFull : HEC.healthy);
  if (action === 'busy') return sendHec(ctx, res, HEC.serverBusy);
  if (action === 'internal') return sendHec(ctx, res, HEC.internalError);

  const auth = authenticate(req.headers.authorization, url.searchParams.get('token'), ctx.tokens, ctx.allowQueryStringToken);
  if (!auth.ok) return sendHec(ctx, res, auth.status);
  const token = auth.token;
  const channel = (req.headers['x-splunk-request-channel'] as string | undefined) ?? url.searchParams.get('channel') ?? undefined;
  const channelProblem = channel === undefined ? HEC.channelMissing : !isValidChannel(channel) ? HEC.invalidChannel : undefined;

  const rawBody = await readBody(req, ctx.maxBodyBytes);
  if (rawBody === 'too-large') {
    // Splunk answers an over-long body with 413 before indexing anything.
    bump(store.counters.responsesByCode, '413');
    sendJson(res, 413, { text: `Content-Length of request too large (maximum is ${ctx.maxBodyBytes})`, code: 413 });
    return;
  }
  let body = rawBody;
  if (/gzip/i.test(req.headers['content-encoding'] ?? '')) {
    try {
      body = gunzipSync(rawBody);
    } catch {
      return sendHec(ctx, res, HEC.invalidDataFormat);
    }
  }

  if (endpoint === 'ack') {
    if (!token.ack) return sendHec(ctx, res, HEC.ackDisabled);
    if (channelProblem || channel === undefined) return sendHec(ctx, res, channelProblem ?? HEC.channelMissing);
    let ids: unknown;
    try {
      ids = (JSON.parse(body.toString('utf8')) as { acks?: unknown }).acks;
    } catch {
      return sendHec(ctx, res, HEC.invalidDataFormat);
    }
    if (!Array.isArray(ids) || !ids.every((id) => Number.isInteger(id) && id >= 0)) return sendHec(ctx, res, HEC.invalidDataFormat);
    store.counters.ackQueries++;
    bump(store.counters.responsesByCode, '0');
    sendJson(res, 200, { acks: ctx.acks.query(channel, ids as number[]) });
    return;
  }

  const isRaw = endpoint === 'raw';
  if ((token.ack || isRaw) && channelProblem) return sendHec(ctx, res, channelProblem);
  if (token.ack && channel !== undefined && !ctx.acks.canAccept(channel)) return sendHec(ctx, res, HEC.serverBusy);
  const text = body.toString('utf8');
  if (text.trim() === '') return sendHec(ctx, res, HEC.noData);

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
      if (parsed === undefined) return sendHec(ctx, res, HEC.invalidDataFormat);
      meta.time = parsed;
    }
    if (!indexAllowed(meta.index)) return sendHec(ctx, res, HEC.incorrectIndex);
    for (const line of text.split(/\r?\n/)) {
      if (line.trim() === '') continue;
      accepted.push(indexedEvent({ time: meta.time, host: meta.host, source: meta.source, sourcetype: meta.sourcetype, index: meta.index, event: line }, 'raw', token.token, receivedAt, channel));
    }
    if (accepted.length === 0) return sendHec(ctx, res, HEC.noData);
  } else {
    const split = splitConcatenatedJson(text);
    const values = split.ok ? split.values : split.valuesBefore;
    for (let i = 0; i < values.length; i++) {
      const check = checkEvent(values[i], defaults, indexAllowed);
      if (!check.ok) {
        // HEC indexes the events before the bad one and none after it.
        store.add(accepted);
        return sendHec(ctx, res, check.status, { invalidEventNumber: i });
      }
      accepted.push(indexedEvent(check.event, 'event', token.token, receivedAt, channel));
    }
    if (!split.ok) {
      store.add(accepted);
      return sendHec(ctx, res, HEC.invalidDataFormat, { invalidEventNumber: split.badIndex });
    }
    if (accepted.length === 0) return sendHec(ctx, res, HEC.noData);
  }

  if (token.ack && channel !== undefined) {
    const never = faults.ackNeverProbability > 0 && ctx.random() < faults.ackNeverProbability;
    const extra = never ? Number.POSITIVE_INFINITY : faults.ackExtraDelayMs;
    const ackId = ctx.acks.issue(channel, extra);
    store.counters.acksIssued++;
    for (const event of accepted) event.ackId = ackId;
    store.add(accepted);
    return sendHec(ctx, res, HEC.success, { ackId });
  }
  store.add(accepted);
  sendHec(ctx, res, HEC.success);
}


