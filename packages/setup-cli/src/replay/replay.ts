import { deliverBatch, type DeliveryOutcome, type SplunkDestination } from '@firehose-splunk/internal';
import { randomUUID } from 'node:crypto';
import type { BackupSource } from './backup-source.js';
import { Checkpoint } from './checkpoint.js';
import { countEvents, readErrorRecords, type BackedUpRecord, type BackupProblem } from './error-records.js';

/**
 * The largest HEC request the replay sends: records are batched up to it, as Firehose batches
 * them (its Splunk buffer holds up to 5 MB; 1 MiB keeps one retry cheap).
 */
export const REPLAY_BATCH_BYTES = 1024 * 1024;
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
  /** Records acknowledged by an earlier run, and processing failures (not replayed to HEC). */
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
  /** Called after each object, for the progress line. */
  progress?: (done: number, total: number, summary: ReplaySummary) => void;
  /** Each problem as it is found (bad lines, objects, batches HEC refused). */
  problem?: (problem: BackupProblem | { key: string; reason: 'not-delivered'; detail: string }) => void;
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
  const channel = randomUUID();
  const objects = (await source.list()).filter((o) => (!options.since || o.time >= options.since) && (!options.until || o.time < options.until));
  let done = 0;
  for (const object of objects) {
    summary.objects++;
    const { records, problems } = readErrorRecords(object.key, await source.read(object.key));
    summary.records += records.length;
    summary.failed += problems.length;
    for (const p of problems) options.problem?.(p);
    const pending: BackedUpRecord[] = [];
    let processing = 0;
    for (const r of records) {
      if (r.kind === 'processing') processing++;
      else if (checkpoint.has(r.key, r.line)) summary.skipped++;
      else pending.push(r);
    }
    summary.skipped += processing;
    let allAcknowledged = problems.length === 0 && processing === 0;
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
