import { gzipSync } from 'node:zlib';
import type { CloudWatchLogEvent, CloudWatchLogsDataMessage } from '../types.js';

/** Firehose's PutRecordBatch limit for one record: 1,000 KiB. */
export const MAX_REINGEST_RECORD_BYTES = 1_000 * 1024;

/** One piece of a split payload, re-gzipped as CloudWatch Logs would have sent it. */
export interface PayloadPart {
  compressed: Buffer;
  eventCount: number;
}

export type SplitResult =
  | { ok: true; parts: PayloadPart[] }
  | { ok: false; eventIndex: number; detail: string };

/** A payload holding the same metadata with a subset of its events. */
export function withEvents(payload: CloudWatchLogsDataMessage, logEvents: CloudWatchLogEvent[]): CloudWatchLogsDataMessage {
  return { ...payload, logEvents };
}

/** gzip of the payload JSON, the form CloudWatch Logs hands to Firehose. */
export function compressPayload(payload: CloudWatchLogsDataMessage): Buffer {
  return gzipSync(JSON.stringify(payload));
}

/**
 * Splits a payload by log events, halving recursively until every part's output passes
 * `fits` and its compressed form fits a Firehose record. Fails when one event alone
 * does not fit, naming that event.
 */
export function splitPayload(
  payload: CloudWatchLogsDataMessage,
  fits: (part: CloudWatchLogsDataMessage) => boolean,
): SplitResult {
  const parts: PayloadPart[] = [];
  const pending: Array<{ start: number; end: number }> = [{ start: 0, end: payload.logEvents.length }];
  // Depth-first, left to right, so parts keep the events' order.
  while (pending.length > 0) {
    const { start, end } = pending.pop() as { start: number; end: number };
    const part = withEvents(payload, payload.logEvents.slice(start, end));
    if (fits(part)) {
      const compressed = compressPayload(part);
      if (compressed.length <= MAX_REINGEST_RECORD_BYTES) {
        parts.push({ compressed, eventCount: end - start });
        continue;
      }
    }
    if (end - start <= 1) {
      return {
        ok: false,
        eventIndex: start,
        detail: `log event ${start} alone does not fit the response budget or a Firehose record`,
      };
    }
    const middle = start + Math.floor((end - start) / 2);
    pending.push({ start: middle, end }, { start, end: middle });
  }
  return { ok: true, parts };
}
