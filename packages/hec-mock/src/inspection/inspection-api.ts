import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseFaultUpdate } from '../chaos/faults.js';
import { readBodyAsync, sendJson, sendText } from '../http/respond.js';
import type { RequestTarget } from '../http/request-target.js';
import type { MockContext } from '../mock-context.js';
import { queryFromSearchParams } from '../store/event-query.js';
import type { EventDetail } from './event-row.js';
import { LIVE_VIEW_MAX_CHANNELS } from './live-stream.js';
import { UI_PAGE, uiScript } from './ui-assets.js';

/** The longest a `wait=` may hold a request open. */
export const MAX_WAIT_MS = 300_000;
/** The largest body the inspection API reads (a faults update). */
const MAX_CONTROL_BODY_BYTES = 1024 * 1024;

type Handler = (ctx: MockContext, req: IncomingMessage, res: ServerResponse, url: RequestTarget, params: string[]) => Promise<void> | void;

/** `GET /__mock/events?<filters>&min=N&wait=MS`: the matching events, at once or once N have arrived. */
export const listEvents: Handler = async (ctx, req, res, url) => {
  const query = queryFromSearchParams(url.searchParams);
  if (typeof query === 'string') return sendJson(res, 400, { error: query });
  const min = Number(url.searchParams.get('min') ?? 0);
  const wait = Number(url.searchParams.get('wait') ?? 0);
  if (!Number.isInteger(min) || min < 0) return sendJson(res, 400, { error: `min must be a whole number, not "${url.searchParams.get('min')}"` });
  if (!Number.isInteger(wait) || wait < 0 || wait > MAX_WAIT_MS) return sendJson(res, 400, { error: `wait must be 0 to ${MAX_WAIT_MS} milliseconds` });
  const gone = new AbortController();
  res.on('close', () => gone.abort());
  const result = await ctx.waiters.wait(query, min, wait, gone.signal);
  if (!res.destroyed) sendJson(res, 200, result);
};

/** `GET /__mock/events/<seq>`: one event in full, with where its ack stands. */
export const oneEvent: Handler = (ctx, _req, res, _url, [seq]) => {
  const event = ctx.store.bySeq(Number(seq));
  if (!event) return sendJson(res, 404, { error: `no kept event has sequence number ${seq}` });
  const detail: EventDetail = {
    event,
    ackState: event.channel !== undefined && event.ackId !== undefined ? ctx.acks.state(event.channel, event.ackId) : 'no ack',
  };
  sendJson(res, 200, detail);
};

export const counts: Handler = (ctx, _req, res) => sendJson(res, 200, { ...ctx.store.counters, channels: ctx.acks.channelCount });

export const channels: Handler = (ctx, _req, res, url) => {
  const limit = Number(url.searchParams.get('limit') ?? LIVE_VIEW_MAX_CHANNELS);
  sendJson(res, 200, { count: ctx.acks.channelCount, channels: ctx.acks.channels(Number.isInteger(limit) && limit > 0 ? limit : LIVE_VIEW_MAX_CHANNELS) });
};

export const reset: Handler = (ctx, _req, res) => {
  ctx.reset();
  sendJson(res, 200, { reset: true });
};

export const getFaults: Handler = (ctx, _req, res) => sendJson(res, 200, ctx.faults());

export const setFaults: Handler = async (ctx, req, res) => {
  const body = await readBodyAsync(req, MAX_CONTROL_BODY_BYTES);
  let update: ReturnType<typeof parseFaultUpdate>;
  try {
    update = body === 'too-large' ? 'the body is over 1 MiB' : parseFaultUpdate(JSON.parse(body.toString('utf8')));
  } catch {
    update = 'the body is not JSON';
  }
  if (typeof update === 'string') return sendJson(res, 400, { error: update });
  ctx.setFaults(update);
  sendJson(res, 200, ctx.faults());
};

/** `POST /__mock/shutdown`: answers, then stops as SIGTERM would (for CI jobs and containers). */
export const shutdown: Handler = (ctx, _req, res) => {
  res.once('finish', () => ctx.shutdown());
  sendJson(res, 202, { stopping: true });
};

export const stream: Handler = (ctx, req, res) => ctx.live.attach(req, res);

export const uiPage: Handler = (ctx, _req, res) => {
  if (!ctx.ui) return sendJson(res, 404, { error: 'the web view is off (--no-ui)' });
  sendText(res, 200, 'text/html; charset=UTF-8', UI_PAGE);
};

export const uiApp: Handler = (ctx, _req, res) => {
  const script = ctx.ui ? uiScript() : undefined;
  if (!script) return sendJson(res, 404, { error: ctx.ui ? 'the web view was not built: run the package build' : 'the web view is off (--no-ui)' });
  sendText(res, 200, 'text/javascript; charset=UTF-8', script);
};

/** True when the request carries the inspection token (header, bearer, or `inspect_token=`). */
export function hasInspectToken(expected: string, req: IncomingMessage, url: RequestTarget): boolean {
  const header = req.headers['x-hec-mock-token'];
  const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
  return header === expected || bearer === expected || url.searchParams.get('inspect_token') === expected;
}
