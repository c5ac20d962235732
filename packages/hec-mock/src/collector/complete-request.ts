import type { AuthenticatedRequest } from './collector.js';
import type { IndexedEvent } from './event-validation.js';
import { HEC, type HecStatus } from './hec-status.js';

/** True when the request's events get an ackId: the token uses acks and the channel is good. */
export function usesAck({ token, channel, channelProblem }: AuthenticatedRequest): boolean {
  return token.ack === true && channel !== undefined && channelProblem === undefined;
}

/**
 * Finishes a data request whose events (`accepted`, the prefix before any bad object) are
 * known: issues the ack, stores what was indexed, answers. As Splunk does, an error after a
 * non-empty prefix still gets the ackId that covers the prefix (measured for code 6 on
 * Splunk Enterprise 10.4.3; applied to every code that indexes a prefix), and an error at
 * object 0 gets none. Faults apply here: `no-ack-id` answers without one, `ack-never` issues
 * one that never turns true and indexes nothing, out-of-order acks are held back at random.
 */
export function completeRequest(request: AuthenticatedRequest, accepted: IndexedEvent[], status: HecStatus = HEC.success, invalidEventNumber?: number): void {
  const { exchange } = request;
  const { ctx, faults } = exchange;
  const { store, acks } = ctx;
  const failed = status !== HEC.success;
  const extra = invalidEventNumber === undefined ? {} : { invalidEventNumber };
  if (!usesAck(request) || (failed && accepted.length === 0) || faults.noAckId) {
    store.add(accepted);
    return exchange.answer(status, extra);
  }
  const settings = ctx.faults();
  let delay = settings.ackExtraDelayMs;
  if (settings.ackOutOfOrderProbability > 0 && ctx.random() < settings.ackOutOfOrderProbability) delay += ctx.random() * settings.ackOutOfOrderSpreadMs;
  if (faults.ackNever) delay = Number.POSITIVE_INFINITY;
  const ackId = acks.issue(request.channel as string, delay);
  store.counters.acksIssued++;
  for (const event of accepted) event.ackId = ackId;
  // An ack that never turns true stands for events that never reached an index.
  if (faults.ackNever) store.counters.eventsNeverIndexed += accepted.length;
  else store.add(accepted);
  exchange.answer(status, { ...extra, ackId });
}
