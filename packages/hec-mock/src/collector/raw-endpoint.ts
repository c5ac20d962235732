import type { AuthenticatedRequest } from './collector.js';
import { EventSink } from './complete-request.js';
import { parseTime } from './event-validation.js';
import { HEC } from './hec-status.js';

/**
 * `/services/collector/raw`: the body split into events by line, metadata from the query
 * string. A channel is required only when the token uses acks: with acks off, Splunk indexes
 * a raw body without one (measured on Splunk Enterprise 9.2.4 and 10.4.3, and Splunk Cloud).
 */
export function indexRaw(request: AuthenticatedRequest): void {
  const { exchange, token, channel, channelProblem, body } = request;
  const { ctx, req, url } = exchange;
  if (channelProblem && (token.ack || channel !== undefined)) return exchange.answer(channelProblem);
  if (token.ack && channel !== undefined && !ctx.acks.canAccept(channel)) return exchange.answer(HEC.serverBusy);
  const receivedAt = Date.now();
  const meta = {
    time: receivedAt / 1000,
    host: token.defaultHost ?? req.socket.remoteAddress ?? 'localhost',
    source: token.defaultSource ?? `http:${token.name ?? 'hec-mock'}`,
    sourcetype: token.defaultSourcetype ?? 'httpevent',
    index: token.defaultIndex ?? 'main',
  };
  for (const key of ['host', 'source', 'sourcetype', 'index'] as const) {
    const value = url.searchParams.get(key);
    if (value) meta[key] = value;
  }
  const time = url.searchParams.get('time');
  if (time !== null) {
    const parsed = parseTime(time);
    if (parsed === undefined) return exchange.answer(HEC.invalidDataFormat);
    meta.time = parsed;
  }
  const allowed = token.allowedIndexes;
  if (allowed && allowed.length > 0 && !allowed.includes(meta.index)) return exchange.answer(HEC.incorrectIndex);
  const text = body.toString('utf8');
  const sink = new EventSink(request, 'raw', meta, receivedAt);
  let pos = 0;
  while (pos <= text.length) {
    let end = text.indexOf('\n', pos);
    if (end < 0) end = text.length;
    const start = pos;
    const stop = text.charCodeAt(end - 1) === 0x0d && end > start ? end - 1 : end;
    pos = end + 1;
    const line = text.slice(start, stop);
    if (line.trim() === '') continue;
    sink.acceptEnvelope({ time: meta.time, host: meta.host, source: meta.source, sourcetype: meta.sourcetype, index: meta.index, event: line }, text, start, stop);
  }
  sink.finish(sink.count === 0 ? HEC.noData : HEC.success);
}
