import type { FirehoseErrorRecord } from '@firehose-splunk/internal';
import { gunzipSync } from 'node:zlib';

/**
 * One record Firehose backed up, from one line of a backup object in its error-record format
 * (`{"attemptsMade", "arrivalTimestamp", "errorCode", "errorMessage", "attemptEndingTimestamp",
 * "rawData", ...}`, one JSON object per line, the object gzipped when the stream compresses
 * backups).
 * @see https://docs.aws.amazon.com/firehose/latest/dev/basic-deliver.html#retry
 */
export interface BackedUpRecord {
  key: string;
  /** Line number in the object, from 0: with the key, the record's identity for the checkpoint. */
  line: number;
  /** `delivery`: Splunk did not take it (splunk-failed, rawData is already transformed); `processing`: the transform failed (rawData is the source). */
  kind: 'delivery' | 'processing';
  data: Buffer;
  errorCode: string;
}

/** Why a line or an object could not be read; reported by key and counted, never fatal. */
export interface BackupProblem {
  key: string;
  line?: number;
  reason: 'not-error-record' | 'bad-raw-data' | 'unreadable-object';
  detail: string;
}

/** Strict base64: Node's decoder skips bad characters, so the decoded length is checked. */
function decodeBase64(text: string): Buffer | undefined {
  if (text.length % 4 !== 0) return undefined;
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const bytes = Buffer.from(text, 'base64');
  return bytes.length === (text.length / 4) * 3 - padding ? bytes : undefined;
}

/** Delivery errors are Splunk's (`Splunk.*`); anything else (`Lambda.*`, ...) is a processing failure. */
function kindOf(record: FirehoseErrorRecord, key: string): BackedUpRecord['kind'] {
  if (/(^|\/)processing-failed(\/|$)/.test(key)) return 'processing';
  return record.errorCode.startsWith('Splunk.') ? 'delivery' : 'processing';
}

/** Reads one backup object: its records and what could not be read. */
export function readErrorRecords(key: string, bytes: Buffer): { records: BackedUpRecord[]; problems: BackupProblem[] } {
  let text: string;
  try {
    text = (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes).toString('utf8');
  } catch (error) {
    return { records: [], problems: [{ key, reason: 'unreadable-object', detail: `gzip: ${(error as Error).message}` }] };
  }
  const records: BackedUpRecord[] = [];
  const problems: BackupProblem[] = [];
  text.split('\n').forEach((raw, line) => {
    if (raw.trim() === '') return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      problems.push({ key, line, reason: 'not-error-record', detail: 'not JSON' });
      return;
    }
    const r = parsed as Partial<FirehoseErrorRecord> | null;
    if (typeof r !== 'object' || r === null || typeof r.rawData !== 'string' || typeof r.errorCode !== 'string') {
      problems.push({ key, line, reason: 'not-error-record', detail: 'no rawData and errorCode: not a Firehose error record' });
      return;
    }
    const data = decodeBase64(r.rawData);
    if (data === undefined) {
      problems.push({ key, line, reason: 'bad-raw-data', detail: 'rawData is not base64' });
      return;
    }
    records.push({ key, line, kind: kindOf(r as FirehoseErrorRecord, key), data, errorCode: r.errorCode });
  });
  return { records, problems };
}

/** HEC events in a delivery record's data: one per non-empty line, as the transform writes them. */
export function countEvents(data: Buffer): number {
  let events = 0;
  let start = 0;
  for (;;) {
    const end = data.indexOf(0x0a, start);
    const stop = end < 0 ? data.length : end;
    if (stop > start) events++;
    if (end < 0) return events;
    start = end + 1;
  }
}
