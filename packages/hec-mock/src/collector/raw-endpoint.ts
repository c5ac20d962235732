import type { AuthenticatedRequest } from './collector.js';
import { indexedEvent, parseTime, type IndexedEvent } from './event-validation.js';
import { completeRequest } from './complete-request.js';
import { HEC } from './hec-status.js';

/**
 * `/services/collector/raw`: the body split into events by line, metadata from the query
 * string. A channel is required only when the token uses acks: with acks off, Splunk indexes
 * a raw body without one (measured on Splunk Enterprise 9.2.4 and 10.4.3, and Splunk Cloud).
 */
export function indexRaw(request: AuthenticatedRequest): void {
  const { exchange, token, channel, channelProblem, body } = request;
  const { ctx, req, url } = exchange;
  if (token.ack && channelProblem) return exchange.answer(channelProblem);
  if (channel !== undefined && channelProblem) return exchange.answer(channelProblem);
  if (token.ack && channel !== undefined && !ctx.acks.canAccept(channel)) return exchange.answer(HEC.serverBusy);
  const receivedAt = Date.now();
  const meta = {
    time: receivedAt / 1000,
    host: req.socket.remoteAddress ?? 'localhost',
    source: `http:${token.name ?? 'hec-mock'}`,
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
  const accepted: IndexedEvent[] = [];
  for (const line of body.toString('utf8').split(/\r?\n/)) {
    if (line.trim() === '') continue;
    accepted.push(indexedEvent({ time: meta.time, host: meta.host, source: meta.source, sourcetype: meta.sourcetype, index: meta.index, event: line }, 'raw', token.token, receivedAt, channel));
  }
  if (accepted.length === 0) return exchange.answer(HEC.noData);
  completeRequest(request, accepted);
}
