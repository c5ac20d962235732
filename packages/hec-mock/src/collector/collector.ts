import { sleep } from '@firehose-splunk/internal';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { decideFaults, type RequestFaults } from '../chaos/faults.js';
import { discardRest, readBody } from '../http/respond.js';
import { contentTooLarge, notFound, unsupportedEncoding } from '../http/splunkd-answers.js';
import type { RequestTarget } from '../http/request-target.js';
import type { MockContext } from '../mock-context.js';
import { bump } from '../store/event-store.js';
import { answerAck } from './ack-endpoint.js';
import { authenticate, type TokenConfig } from './auth.js';
import { isValidChannel } from './channel.js';
import { indexEvents } from './event-endpoint.js';
import { HecExchange } from './hec-exchange.js';
import { HEC, type HecStatus } from './hec-status.js';
import { indexRaw } from './raw-endpoint.js';

/** Which collector endpoint a request is for. */
export type CollectorEndpoint = 'event' | 'raw' | 'ack' | 'health';

/** A data or ack request that passed authentication, with its decoded body. */
export interface AuthenticatedRequest {
  exchange: HecExchange;
  token: TokenConfig;
  channel: string | undefined;
  /** Why the channel cannot be used, if it cannot. */
  channelProblem: HecStatus | undefined;
  body: Buffer;
}

/** The answer to a missing channel where the token needs one: Splunk Cloud says more than Enterprise. */
export function channelMissing(ctx: MockContext): HecStatus {
  return ctx.flavor === 'cloud' ? HEC.cloudChannelMissing : HEC.channelMissing;
}

/**
 * One request to a HEC endpoint, as Splunk answers it: faults first (they stand for what is in
 * front of HEC or what HEC suffers), then authentication, the channel, the body, the events.
 * Without a latency fault nothing here awaits: the body is read with callbacks and the request
 * answered in the same turn as its last byte (each await measured as a few microseconds per
 * request).
 */
export function handleCollector(ctx: MockContext, endpoint: CollectorEndpoint, req: IncomingMessage, res: ServerResponse, url: RequestTarget): Promise<void> | undefined {
  const { store } = ctx;
  store.counters.requests++;
  const settings = ctx.faults();
  const faults = decideFaults(settings, ctx.random);
  const data = endpoint === 'event' || endpoint === 'raw';
  if (faults.front !== 'ok') bump(store.counters.faultsInjected, faults.front);
  if (faults.noAckId && data) bump(store.counters.faultsInjected, 'no-ack-id');
  if (faults.ackNever && data) bump(store.counters.faultsInjected, 'ack-never');
  if (faults.otherNode && endpoint === 'ack') bump(store.counters.faultsInjected, 'other-node');
  const delay = settings.latencyMs + (faults.front === 'slow' ? settings.slowMs : 0);
  if (delay > 0) return sleep(delay).then(() => proceed(ctx, endpoint, req, res, url, faults));
  proceed(ctx, endpoint, req, res, url, faults);
  return undefined;
}

function proceed(ctx: MockContext, endpoint: CollectorEndpoint, req: IncomingMessage, res: ServerResponse, url: RequestTarget, faults: RequestFaults): void {
  if (faults.front === 'drop') {
    req.socket.destroy();
    return;
  }
  if (faults.front === 'restart') {
    ctx.restart();
    req.socket.destroy();
    return;
  }
  if (faults.front === 'detention') {
    bump(ctx.store.counters.responsesByCode, '404');
    return notFound(res);
  }
  const exchange = new HecExchange(ctx, req, res, url, faults);
  if (endpoint === 'health') return exchange.answer(faults.front === 'busy' ? HEC.unhealthyQueuesFull : HEC.healthy);
  if (faults.front === 'busy') return exchange.answer(HEC.serverBusy);
  if (faults.front === 'internal') return exchange.answer(HEC.internalError);

  const auth = authenticate(req.headers.authorization, url.searchParams.get('token'), ctx.tokens, ctx.allowQueryStringToken);
  if (!auth.ok) return exchange.answer(auth.status);
  const channel = (req.headers['x-splunk-request-channel'] as string | undefined) ?? url.searchParams.get('channel') ?? undefined;
  const channelProblem = channel === undefined ? channelMissing(ctx) : !isValidChannel(channel) ? HEC.invalidChannel : undefined;

  readDecodedBody(ctx, exchange, (body) => {
    const request: AuthenticatedRequest = { exchange, token: auth.token, channel, channelProblem, body };
    if (endpoint === 'ack') return answerAck(request);
    if (endpoint === 'raw') return indexRaw(request);
    return indexEvents(request);
  });
}

/**
 * Hands on the body, decompressed, unless the request was answered already. Past
 * max_content_length Splunk Enterprise answers 413 (HTML), Splunk Cloud 400 code 6 naming
 * object 0; past the mock's memory budget, 503 Server is busy. gzip is the one encoding HEC
 * reads; any other is 415 (HTML), and a gzip stream that does not decompress is code 6.
 */
function readDecodedBody(ctx: MockContext, exchange: HecExchange, then: (body: Buffer) => void): void {
  const { req, res } = exchange;
  const encodingHeader = req.headers['content-encoding'];
  const encoding = encodingHeader === undefined ? '' : encodingHeader.trim().toLowerCase();
  if (encoding !== '' && encoding !== 'identity' && encoding !== 'gzip') {
    bump(ctx.store.counters.responsesByCode, '415');
    discardRest(req, res);
    unsupportedEncoding(res, encoding);
    return;
  }
  readBody(req, ctx.maxBodyBytes, ctx.bodyBudget, (raw) => {
    if (raw === 'too-large' || raw === 'over-budget') {
      discardRest(req, res);
      if (raw === 'over-budget') exchange.answer(HEC.serverBusy);
      else if (ctx.flavor === 'cloud') exchange.answer(HEC.invalidDataFormat, { invalidEventNumber: 0 });
      else tooLarge(ctx, exchange);
      return;
    }
    if (encoding !== 'gzip') return then(raw);
    let body: Buffer;
    try {
      body = gunzipSync(raw, { maxOutputLength: ctx.maxBodyBytes });
    } catch (error) {
      if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') tooLarge(ctx, exchange);
      else exchange.answer(HEC.invalidDataFormat);
      return;
    }
    then(body);
  });
}

function tooLarge(ctx: MockContext, exchange: HecExchange): void {
  bump(ctx.store.counters.responsesByCode, '413');
  contentTooLarge(exchange.res, ctx.maxBodyBytes);
}
