import type { FirehoseClient } from '@aws-sdk/client-firehose';
import type { DeliveryOutcome, SplunkDestination } from '@firehose-splunk/internal';
import { gunzipSync } from 'node:zlib';
import type { BackedUpRecord } from './error-records.js';

/**
 * What became of processing failures handed to a handler: the records done (put back, or
 * transformed and acknowledged by HEC), dropped on purpose by the transform (a control message,
 * a filter), and failed, each failure with why.
 */
export interface ProcessingOutcome {
  done: BackedUpRecord[];
  dropped: BackedUpRecord[];
  failed: Array<{ record: BackedUpRecord; detail: string }>;
  /** HEC events the done records carried (what the transform wrote, or the source's log events). */
  events: number;
}

/** Handles a batch of processing failures (records whose transform failed; rawData is the source). */
export type ProcessingHandler = (records: BackedUpRecord[]) => Promise<ProcessingOutcome>;

/** Log events in a CloudWatch Logs subscription payload (gzipped JSON); 0 when it is not one. */
export function sourceEvents(data: Buffer): number {
  try {
    const payload = JSON.parse(gunzipSync(data).toString('utf8')) as { logEvents?: unknown[] };
    return Array.isArray(payload.logEvents) ? payload.logEvents.length : 0;
  } catch {
    return 0;
  }
}

/**
 * Puts processing failures back into the delivery stream, so that the (fixed) transform sees
 * them again: PutRecordBatch in batches of 500 records / 4 MiB, only the failed entries
 * retried with backoff (the transform Lambda's own re-ingest, written once).
 */
export async function putBackIntoStream(streamArn: string, client: FirehoseClient): Promise<ProcessingHandler> {
  const { reingest, firehoseSender, REINGEST_DEFAULTS } = await import('@firehose-splunk/transform-lambda');
  const sender = firehoseSender(streamArn, client);
  return async (records) => {
    const report = await reingest(
      records.map((r) => ({ data: r.data, partitionKey: `${r.key}#${r.line}`, sourceRecordId: `${r.key}#${r.line}` })),
      sender,
      { ...REINGEST_DEFAULTS, deadline: Number.POSITIVE_INFINITY },
    );
    const outcome: ProcessingOutcome = { done: [], dropped: [], failed: [], events: 0 };
    for (const r of records) {
      const id = `${r.key}#${r.line}`;
      if (report.failedRecordIds.has(id)) outcome.failed.push({ record: r, detail: report.failureReasons.get(id) ?? 'PutRecordBatch failed' });
      else {
        outcome.done.push(r);
        outcome.events += sourceEvents(r.data);
      }
    }
    return outcome;
  };
}

/**
 * Runs processing failures through the packaged transform here, with the stack's Lambda
 * settings, and sends what it writes to HEC with acknowledgement. The response budget is
 * lifted: nothing is deferred or re-ingested, since no Lambda response limit applies here.
 */
export async function transformLocally(
  lambdaEnvironment: Record<string, string>,
  destination: SplunkDestination,
  deliver: (destination: SplunkDestination, body: Buffer, channel: string) => Promise<DeliveryOutcome>,
  channel: string,
): Promise<ProcessingHandler> {
  const { createHandler, loadConfig } = await import('@firehose-splunk/transform-lambda');
  const config = loadConfig({ ...lambdaEnvironment, HEC_ENDPOINT_TYPE: destination.hecEndpointType, METRICS_ENABLED: 'false' });
  config.responseBudgetBytes = Number.MAX_SAFE_INTEGER;
  const handler = createHandler({
    config,
    logger: { write() {} },
    senderFor: () => {
      throw new Error('a local transform re-ingests nothing');
    },
  });
  return async (records) => {
    const outcome: ProcessingOutcome = { done: [], dropped: [], failed: [], events: 0 };
    const response = await handler({
      invocationId: `replay-${channel}`,
      region: 'local',
      records: records.map((r, i) => ({ recordId: String(i), approximateArrivalTimestamp: Date.now(), data: r.data.toString('base64') })),
    });
    const ok: Array<{ record: BackedUpRecord; data: Buffer }> = [];
    response.records.forEach((answer, i) => {
      const record = records[i] as BackedUpRecord;
      if (answer.result === 'Ok') ok.push({ record, data: Buffer.from(answer.data ?? '', 'base64') });
      else if (answer.result === 'Dropped') outcome.dropped.push(record);
      else outcome.failed.push({ record, detail: 'the transform answered ProcessingFailed: the record is still bad (its log line says why)' });
    });
    if (ok.length === 0) return outcome;
    const sent = await deliver(destination, Buffer.concat(ok.map((o) => o.data)), channel);
    for (const o of ok) {
      if (sent.delivered) {
        outcome.done.push(o.record);
        outcome.events += o.data.toString('utf8').split('\n').filter((l) => l.length > 0).length;
      } else outcome.failed.push({ record: o.record, detail: `HEC: ${sent.errorCode}: ${sent.errorMessage}` });
    }
    return outcome;
  };
}
