import type { AuthenticatedRequest } from './collector.js';
import { HEC } from './hec-status.js';

/**
 * `/services/collector/ack`: `{"acks":[ids]}` answers `{"acks":{"id":bool}}` for the request's
 * channel. A query that lands on another indexer behind a load balancer (`other-node`) knows
 * none of them and answers all false, as Splunk does for ids it never issued.
 */
export function answerAck({ exchange, token, channel, channelProblem, body }: AuthenticatedRequest): void {
  const { ctx } = exchange;
  if (!token.ack) return exchange.answer(HEC.ackDisabled);
  if (channelProblem || channel === undefined) return exchange.answer(channelProblem ?? HEC.channelMissing);
  let ids: unknown;
  try {
    ids = (JSON.parse(body.toString('utf8')) as { acks?: unknown }).acks;
  } catch {
    return exchange.answer(HEC.invalidDataFormat);
  }
  if (!Array.isArray(ids) || !ids.every((id) => Number.isInteger(id) && id >= 0)) return exchange.answer(HEC.invalidDataFormat);
  ctx.store.counters.ackQueries++;
  const answer = exchange.faults.otherNode ? Object.fromEntries((ids as number[]).map((id) => [String(id), false])) : ctx.acks.query(channel, ids as number[]);
  exchange.answerJson(200, '0', { acks: answer });
}
