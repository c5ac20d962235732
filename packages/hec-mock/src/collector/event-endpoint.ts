import { safeStringify } from '../http/safe-json.js';
import type { AuthenticatedRequest } from './collector.js';
import { EventSink } from './complete-request.js';
import { checkEvent, type EventCheck } from './event-validation.js';
import { HEC, type HecStatus } from './hec-status.js';
import { readJsonBatch } from './json-stream.js';

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
  // Not text.trim(): a body ending in a newline would be copied whole just to be tested.
  if (!/\S/.test(text)) return exchange.answer(HEC.noData);

  const receivedAt = Date.now();
  const defaults = {
    time: receivedAt / 1000,
    host: token.defaultHost ?? req.socket.remoteAddress ?? 'localhost',
    source: token.defaultSource ?? `http:${token.name ?? 'hec-mock'}`,
    sourcetype: token.defaultSourcetype ?? 'httpevent',
    index: token.defaultIndex ?? 'main',
  };
  const allowed = token.allowedIndexes;
  const indexAllowed = allowed && allowed.length > 0 ? (index: string) => allowed.includes(index) : () => true;
  const maxEventBytes = ctx.maxEventBytes;
  const sink = new EventSink(request, 'event', defaults, receivedAt);

  let number = 0;
  let outcome: { status: HecStatus; invalidEventNumber?: number } | 'stop' | undefined;
  /** One object of the batch; false ends the batch. */
  const take = (value: unknown, size: number, start: number, end: number): boolean => {
    const i = number++;
    // After an unknown key only the count matters: whether that object was alone in the body.
    if (outcome === 'stop') return true;
    // maxEventSize: HEC "disregards and triggers a parsing error" for a larger event.
    if (size > maxEventBytes) {
      outcome = { status: HEC.invalidDataFormat, invalidEventNumber: i };
      return false;
    }
    const check: EventCheck = checkEvent(value, defaults, indexAllowed);
    if (check.kind === 'event') {
      sink.acceptEnvelope(check.event, text, start, end);
      return true;
    }
    if (check.kind === 'skip') return true;
    if (check.kind === 'stop') {
      outcome = 'stop';
      return true;
    }
    outcome = { status: check.status, invalidEventNumber: check.status === HEC.incorrectIndex ? i + 1 : i };
    return false;
  };
  const read = readJsonBatch(text, (value, size, start, end) => {
    if (!Array.isArray(value)) return take(value, size, start, end);
    // A top-level array stands for its elements; an element is measured only if the array is over the limit.
    // An element has no text of its own (-1): it is kept built.
    for (const element of value) if (!take(element, size <= maxEventBytes ? size : safeStringify(element).length, -1, -1)) return false;
    return true;
  });

  if (outcome === 'stop') {
    // An unknown key ends the batch quietly; alone in the body it leaves nothing: No data.
    return number === 1 ? sink.finish(HEC.noData) : sink.finish();
  }
  if (outcome !== undefined) return sink.finish(outcome.status, outcome.invalidEventNumber);
  if (read.badIndex !== undefined) return sink.finish(HEC.invalidDataFormat, number);
  sink.finish();
}
