import { errorMessage } from '@firehose-splunk/internal';
import type { CloudWatchLogsPayload, CloudWatchLogsDataMessage } from '../types.js';
import { hasGzipMagic, type Gunzip } from './gunzip.js';
import type { FormatResult } from '../format/general-formatter.js';

/** Why a record could not be read; names used in logs and metrics. */
export type DecodeFailure =
  | 'invalid-base64'
  | 'invalid-gzip'
  | 'invalid-json'
  | 'unknown-message-type'
  | 'missing-log-events'
  | 'invalid-log-event';

export type DecodeResult =
  | {
      ok: true;
      compressed: Buffer;
      decompressedBytes: number;
      payload: CloudWatchLogsPayload;
      fast?: undefined;
      /** A flow log record delivered straight to Firehose, not a CloudWatch Logs batch. */
      direct?: boolean;
    }
  | {
      ok: true;
      compressed: Buffer;
      decompressedBytes: number;
      /** Output the fast path built; `payload()` parses the full payload when it is needed (splitting). */
      fast: FormatResult;
      payload: () => CloudWatchLogsDataMessage;
      direct?: undefined;
    }
  | { ok: false; reason: DecodeFailure; detail: string; compressed?: Buffer };

/**
 * The bytes strict base64 text of this length and padding decodes to, or -1 when its length is
 * not a multiple of 4. Node's decoder skips invalid characters, so a caller compares what it
 * decoded with this.
 */
export function strictBase64Bytes(data: string): number {
  if (data.length % 4 !== 0) return -1;
  const padding = data.endsWith('==') ? 2 : data.endsWith('=') ? 1 : 0;
  return (data.length / 4) * 3 - padding;
}

/** Decodes strict base64: Node's decoder skips invalid characters, so the decoded length is checked. */
export function decodeBase64Strict(data: string): Buffer | undefined {
  if (typeof data !== 'string') return undefined;
  const expected = strictBase64Bytes(data);
  if (expected < 0) return undefined;
  const bytes = Buffer.from(data, 'base64');
  return bytes.length === expected ? bytes : undefined;
}

/** Checks the shape of a DATA_MESSAGE; returns a failure description or undefined. */
export function validateDataMessage(payload: Record<string, unknown>): { reason: DecodeFailure; detail: string } | undefined {
  const events = payload.logEvents;
  if (!Array.isArray(events)) return { reason: 'missing-log-events', detail: 'DATA_MESSAGE has no logEvents array' };
  for (let i = 0; i < events.length; i++) {
    const event = events[i] as Record<string, unknown> | null;
    if (typeof event !== 'object' || event === null || typeof event.message !== 'string') {
      return { reason: 'invalid-log-event', detail: `logEvents[${i}] has no string message` };
    }
    if (typeof event.timestamp !== 'number' || !Number.isFinite(event.timestamp)) {
      return { reason: 'invalid-log-event', detail: `logEvents[${i}] has no numeric timestamp` };
    }
  }
  for (const key of ['logGroup', 'logStream', 'owner'] as const) {
    if (payload[key] !== undefined && typeof payload[key] !== 'string') {
      return { reason: 'invalid-log-event', detail: `${key} is not a string` };
    }
  }
  return undefined;
}

/** Turns a parsed JSON value into a payload, or says why it is not one. */
export function toPayload(
  parsed: unknown,
): { payload: CloudWatchLogsPayload } | { failure: { reason: DecodeFailure; detail: string } } {
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return { failure: { reason: 'unknown-message-type', detail: 'payload is not a JSON object' } };
  }
  const record = parsed as Record<string, unknown>;
  if (record.messageType === 'CONTROL_MESSAGE') return { payload: record as CloudWatchLogsPayload };
  if (record.messageType !== 'DATA_MESSAGE') {
    const detail = `messageType is ${JSON.stringify(record.messageType) ?? 'missing'}`;
    return { failure: { reason: 'unknown-message-type', detail } };
  }
  const problem = validateDataMessage(record);
  if (problem) return { failure: problem };
  const message = record as unknown as CloudWatchLogsDataMessage;
  message.logGroup ??= '';
  message.logStream ??= '';
  message.owner ??= '';
  if (!Array.isArray(message.subscriptionFilters)) message.subscriptionFilters = [];
  return { payload: message };
}

/**
 * base64 -> gunzip -> JSON -> validated CloudWatch Logs payload; never throws. With a fast
 * formatter, the decompressed bytes go to it first and JSON.parse runs only if it declines.
 * Bytes without the gzip header are offered to `direct` (flow logs delivered straight to
 * Firehose) before they count as a bad record.
 */
export function decodeRecord(
  data: string,
  gunzip: Gunzip,
  fastFormat?: (decompressed: Buffer) => FormatResult | undefined,
  direct?: (bytes: Buffer) => CloudWatchLogsDataMessage | undefined,
): DecodeResult {
  const compressed = decodeBase64Strict(data);
  if (compressed === undefined) return { ok: false, reason: 'invalid-base64', detail: 'data is not valid base64' };
  if (!hasGzipMagic(compressed)) {
    const payload = direct?.(compressed);
    if (payload !== undefined) return { ok: true, compressed, decompressedBytes: compressed.length, payload, direct: true };
    return {
      ok: false,
      reason: 'invalid-gzip',
      detail: 'data is neither gzip (a CloudWatch Logs batch) nor a flow log record delivered straight to Firehose ({"message": "..."})',
      compressed,
    };
  }
  let decompressed: Buffer;
  try {
    decompressed = gunzip(compressed);
  } catch (error) {
    return { ok: false, reason: 'invalid-gzip', detail: errorMessage(error), compressed };
  }
  const fast = fastFormat?.(decompressed);
  if (fast !== undefined) {
    const payload = () => (toPayload(JSON.parse(decompressed.toString('utf8'))) as { payload: CloudWatchLogsDataMessage }).payload;
    return { ok: true, compressed, decompressedBytes: decompressed.length, fast, payload };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(decompressed.toString('utf8'));
  } catch (error) {
    return { ok: false, reason: 'invalid-json', detail: errorMessage(error), compressed };
  }
  const checked = toPayload(parsed);
  if ('failure' in checked) return { ok: false, ...checked.failure, compressed };
  return { ok: true, compressed, decompressedBytes: decompressed.length, payload: checked.payload };
}
