import { safeStringify } from '../http/safe-json.js';
import type { AuthenticatedRequest } from './collector.js';
import { checkEvent, indexedEvent, type IndexedEvent } from './event-validation.js';
import { completeRequest } from './complete-request.js';
import { HEC } from './hec-status.js';
import { flattenBatch, splitConcatenatedJson } from './json-stream.js';

/**
 * `/services/collector/event`: a batch of JSON objects, one after another or as an array. HEC
 * reads them in order and indexes each good one as it goes; at the first bad one it stops and
 * names it in `invalid-event-number` (0-based), so the objects before it are indexed and none
 * after it. Splunk's quirk for code 7 is kept: it names the object after the one whose index
 * is not allowed.
 */
export function indexEvents(request: AuthenticatedRequest): void {
  const { exchange, token, channel, channelProblem, body } = request;
  const { ctx, req } = exchange;
  if (token.ack && channelProblem) return exchange.answer(channelProblem);
  if (token.ack && channel !== undefined && !ctx.acks.canAccept(channel)) return exchange.answer(HEC.serverBusy);
  const text = body.toString('utf8');
  if (text.trim() === '') return exchange.answer(HEC.noData);

  const receivedAt = Date.now();
  const defaults = {
    time: receivedAt / 1000,
    host: req.socket.remoteAddress ?? 'localhost',
    source: `http:${token.name ?? 'hec-mock'}`,
    sourcetype: token.defaultSourcetype ?? 'httpevent',
    index: token.defaultIndex ?? 'main',
  };
  const allowed = token.allowedIndexes;
  const indexAllowed = allowed && allowed.length > 0 ? (index: string) => allowed.includes(index) : () => true;
  const measure = (value: unknown) => safeStringify(value).length;

  const split = splitConcatenatedJson(text);
  const batch = split.ok
    ? flattenBatch(split.values, split.sizes, ctx.maxEventBytes, measure)
    : flattenBatch(split.valuesBefore, split.sizesBefore, ctx.maxEventBytes, measure);
  const accepted: IndexedEvent[] = [];
  for (let i = 0; i < batch.values.length; i++) {
    // maxEventSize: HEC "disregards and triggers a parsing error" for a larger event.
    if ((batch.sizes[i] as number) > ctx.maxEventBytes) return completeRequest(request, accepted, HEC.invalidDataFormat, i);
    const check = checkEvent(batch.values[i], defaults, indexAllowed);
    if (check.kind === 'event') accepted.push(indexedEvent(check.event, 'event', token.token, receivedAt, channel));
    else if (check.kind === 'stop') {
      // An unknown key ends the batch quietly; alone in the body it leaves nothing: No data.
      if (batch.values.length === 1 && split.ok) return exchange.answer(HEC.noData);
      return completeRequest(request, accepted);
    } else if (check.kind === 'error') {
      return completeRequest(request, accepted, check.status, check.status === HEC.incorrectIndex ? i + 1 : i);
    }
  }
  if (!split.ok) return completeRequest(request, accepted, HEC.invalidDataFormat, batch.values.length);
  completeRequest(request, accepted);
}
