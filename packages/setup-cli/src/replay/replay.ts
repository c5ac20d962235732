import { deliverBatch, type DeliveryOutcome, type SplunkDestination } from '@firehose-splunk/internal';
import { randomUUID } from 'node:crypto';
import type { BackupSource } from './backup-source.js';
import { Checkpoint } from './checkpoint.js';
import { countEvents, readErrorRecords, type BackedUpRecord, type BackupProblem } from './error-records.js';
import type { ProcessingHandler } from './processing-failures.js';

/**
 * The largest HEC request the replay sends: records are batched up to it, as Firehose batches
 * them (its Splunk buffer holds up to 5 MB; 1 MiB keeps one retry cheap).
 */
export const REPLAY_BATCH_BYTES = 1024 * 1024;
/** Processing failures handled per call: PutRecordBatch's 500 records, one local transform invocation. */
export const PROCESSING_BATCH_RECORDS = 500;
/** Pause between acknowledgement polls. */
export const REPLAY_ACK_POLL_MS = 500;

/** The end-of-run summary; `--json` prints exactly these keys. */
export interface ReplaySummary {
  /** Backup objects read in the time window. */
  objects: number;
  /** Error records found in them. */
  records: number;
  /** HEC events in the records replayed in this run (or that would be, with --dry-run). */
  events: number;
  /** Records HEC acknowledged in this run. */
  sent: number;
  /** Records HEC did not take after retries, and lines that are not readable error records. */
  failed: number;
  /** Records done by an earlier run, processing failures left alone (without --include-processing-failed), and those the transform dropped on purpose. */
  skipped: number;
}

export interface ReplayOptions {
  source: BackupSource;
  /** Where and how to send; the same settings as the stream's Splunk destination. */
  destination: SplunkDestination;
  since?: Date;
  until?: Date;
  dryRun: boolean;
  /** Delete an object once every record in it is acknowledged (now or before). */
  deleteReplayed: boolean;
  /** What to do with processing failures (--include-processing-failed); without it they are skipped. */
  processing?: ProcessingHandler;
  /** The channel of this run's HEC requests (the local transform sends on it too). */
  channel?: string;
  /** Called after each object, for the progress line. */
  progress?: (done: number, total: number, summary: ReplaySummary) => void;
  /** Each problem as it is found (bad lines, objects, batches HEC refused). */
  problem?: (problem: BackupProblem | { key: string; line?: number; reason: 'not-delivered'; detail: string }) => void;
  /** Test seam: the HEC delivery. */
  deliver?: (destination: SplunkDestination, body: Buffer, channel: string) => Promise<DeliveryOutcome>;
}

/** Splits records into HEC request bodies of at most REPLAY_BATCH_BYTES (a larger record alone). */
function batches(records: BackedUpRecord[]): BackedUpRecord[][] {
  const out: BackedUpRecord[][] = [];
  let current: BackedUpRecord[] = [];
  let size = 0;
  for (const r of records) {
    if (current.length > 0 && size + r.data.length > REPLAY_BATCH_BYTES) {
      out.push(current);
      current = [];
      size = 0;
    }
    current.push(r);
    size += r.data.length;
  }
  if (current.length > 0) out.push(current);
  return out;
}

/**
 * Returns backed-up Splunk deliveries to HEC the way Firehose sends them: batches on one
 * channel, each counted as sent only once HEC acknowledges it, retried with backoff for the
 * retry duration. Processing failures are counted as skipped. Nothing is deleted unless asked,
 * and then only objects whose every record is acknowledged.
 */
export async function replay(options: ReplayOptions): Promise<ReplaySummary> {
  const summary: ReplaySummary = { objects: 0, records: 0, events: 0, sent: 0, failed: 0, skipped: 0 };
  const { source } = options;
  const checkpoint = Checkpoint.parse(await source.readCheckpoint());
  const deliver = options.deliver ?? ((d, body, channel) => deliverBatch(d, body, channel));
  const channel = options.channel ?? randomUUID();
  const objects = (await source.list()).filter((o) => (!options.since || o.time >= options.since) && (!options.until || o.time < options.until));
  let done = 0;
  for (const object of objects) {
    summary.objects++;
    const { records, problems } = readErrorRecords(object.key, await source.read(object.key));
    summary.records += records.length;
    summary.failed += problems.length;
    for (const p of problems) options.problem?.(p);
    const pending: BackedUpRecord[] = [];
    const processing: BackedUpRecord[] = [];
    for (const r of records) {
      if (checkpoint.has(r.key, r.line)) summary.skipped++;
      else if (r.kind === 'processing') processing.push(r);
      else pending.push(r);
    }
    let allAcknowledged = problems.length === 0;
    if (processing.length > 0 && (options.processing === undefined || options.dryRun)) {
      summary.skipped += processing.length;
      allAcknowledged = false;
    } else if (processing.length > 0 && options.processing !== undefined) {
      for (let i = 0; i < processing.length; i += PROCESSING_BATCH_RECORDS) {
        const outcome = await options.processing(processing.slice(i, i + PROCESSING_BATCH_RECORDS));
        summary.sent += outcome.done.length;
        summary.skipped += outcome.dropped.length;
        summary.events += outcome.events;
        summary.failed += outcome.failed.length;
        const finished = [...outcome.done, ...outcome.dropped].map((r) => r.line);
        if (finished.length > 0) {
          checkpoint.add(object.key, finished);
          await source.writeCheckpoint(`${JSON.stringify(checkpoint.toJSON())}\n`);
        }
        for (const f of outcome.failed) {
          allAcknowledged = false;
          options.problem?.({ key: object.key, line: f.record.line, reason: 'not-delivered', detail: f.detail });
        }
      }
    }
    for (const batch of batches(pending)) {
      const events = batch.reduce((n, r) => n + countEvents(r.data), 0);
      summary.events += events;
      if (options.dryRun) {
        allAcknowledged = false;
        continue;
      }
      const outcome = await deliver(options.destination, Buffer.concat(batch.map((r) => r.data)), channel);
      if (outcome.delivered) {
        summary.sent += batch.length;
        checkpoint.add(object.key, batch.map((r) => r.line));
        await source.writeCheckpoint(`${JSON.stringify(checkpoint.toJSON())}\n`);
      } else {
        summary.failed += batch.length;
        allAcknowledged = false;
        options.problem?.({ key: object.key, reason: 'not-delivered', detail: `${batch.length} records after ${outcome.attempts} attempts: ${outcome.errorCode}: ${outcome.errorMessage}` });
      }
    }
    if (options.deleteReplayed && allAcknowledged && !options.dryRun) {
      await source.remove(object.key);
      checkpoint.forget(object.key);
      await source.writeCheckpoint(`${JSON.stringify(checkpoint.toJSON())}\n`);
    }
    options.progress?.(++done, objects.length, summary);
  }
  return summary;
}
