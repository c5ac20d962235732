import {
  backoffDelayMs,
  errorText,
  PUT_RECORD_BATCH_MAX_BYTES,
  PUT_RECORD_BATCH_MAX_RECORDS,
  sleep as defaultSleep,
  type Sleep,
} from '@firehose-splunk/internal';

/** One record to put back into the source stream. */
export interface ReingestEntry {
  data: Buffer;
  /** Kinesis partition key; ignored for a Direct PUT delivery stream. */
  partitionKey: string;
  /** The Firehose recordId this entry came from (several entries when a record was split). */
  sourceRecordId: string;
}

/** Per-entry result of one put call: the indexes that failed and why. */
export interface PutOutcome {
  failed: Array<{ index: number; code: string; message: string }>;
}

/** Sends one batch to Firehose PutRecordBatch or Kinesis PutRecords. */
export interface ReingestSender {
  readonly description: string;
  put(entries: readonly ReingestEntry[]): Promise<PutOutcome>;
}

export interface ReingestOptions {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Epoch ms after which no new attempt starts. */
  deadline: number;
  now?: () => number;
  sleep?: Sleep;
  random?: () => number;
}

export interface ReingestReport {
  /** Source recordIds with at least one entry that could not be put. */
  failedRecordIds: Set<string>;
  /** The last error seen for each failed source record. */
  failureReasons: Map<string, string>;
  putEntries: number;
  calls: number;
  retriedEntries: number;
}

/** Groups entries into batches of at most 500 entries and 4 MiB, keeping order. */
export function batchEntries(entries: readonly ReingestEntry[]): ReingestEntry[][] {
  const batches: ReingestEntry[][] = [];
  let current: ReingestEntry[] = [];
  let bytes = 0;
  for (const entry of entries) {
    const size = entry.data.length + Buffer.byteLength(entry.partitionKey);
    if (current.length > 0 && (current.length === PUT_RECORD_BATCH_MAX_RECORDS || bytes + size > PUT_RECORD_BATCH_MAX_BYTES)) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(entry);
    bytes += size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

const RETRYABLE_4XX = /throttl|provisionedthroughputexceeded|limitexceeded|requesttimeout|toomanyrequests/i;

/** True when a failed call may succeed if sent again: throttling, 5xx, network faults. */
export function isRetryableError(error: unknown): boolean {
  const e = error as { name?: string; code?: string; $metadata?: { httpStatusCode?: number } };
  const status = e?.$metadata?.httpStatusCode;
  const name = `${e?.name ?? ''} ${e?.code ?? ''}`;
  if (RETRYABLE_4XX.test(name)) return true;
  if (status !== undefined && status >= 400 && status < 500) return status === 429;
  return true;
}

/**
 * Puts entries back into the source, retrying only the entries that failed, with
 * full-jitter backoff, a bounded number of attempts and a deadline. Never throws.
 */
export async function reingest(
  entries: readonly ReingestEntry[],
  sender: ReingestSender,
  options: ReingestOptions,
): Promise<ReingestReport> {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? defaultSleep;
  const report: ReingestReport = {
    failedRecordIds: new Set(),
    failureReasons: new Map(),
    putEntries: 0,
    calls: 0,
    retriedEntries: 0,
  };
  const giveUp = (pending: readonly ReingestEntry[], reason: string) => {
    for (const entry of pending) {
      report.failedRecordIds.add(entry.sourceRecordId);
      report.failureReasons.set(entry.sourceRecordId, reason);
    }
  };

  for (const batch of batchEntries(entries)) {
    let pending: readonly ReingestEntry[] = batch;
    let lastReason = '';
    for (let attempt = 1; ; attempt++) {
      if (attempt > 1) report.retriedEntries += pending.length;
      report.calls++;
      try {
        const outcome = await sender.put(pending);
        const failedIndexes = new Set(outcome.failed.map((f) => f.index));
        report.putEntries += pending.length - failedIndexes.size;
        const last = outcome.failed[outcome.failed.length - 1];
        if (last) lastReason = `${sender.description} rejected ${failedIndexes.size} entries (${last.code}: ${last.message})`;
        pending = pending.filter((_, i) => failedIndexes.has(i));
      } catch (error) {
        lastReason = `${sender.description} failed: ${errorText(error)}`;
        if (!isRetryableError(error)) {
          giveUp(pending, `${lastReason} (not retryable)`);
          pending = [];
        }
      }
      if (pending.length === 0) break;
      if (attempt >= options.maxAttempts) {
        giveUp(pending, `${lastReason}; gave up after ${attempt} attempts`);
        break;
      }
      const delay = backoffDelayMs(attempt, { baseMs: options.baseDelayMs, maxMs: options.maxDelayMs, jitter: 'full' }, options.random);
      if (now() + delay > options.deadline) {
        giveUp(pending, `${lastReason}; stopped retrying to answer Firehose before the Lambda timeout`);
        break;
      }
      await sleep(delay);
    }
  }
  return report;
}
