import {
  errorMessage,
  FIREHOSE_LAMBDA_DEFAULT_RETRIES,
  FIREHOSE_SPLUNK_PROCESSOR_BUFFER_BYTES,
  type FirehoseErrorRecord,
  type FirehoseTransformationResult,
  type InvocationContext,
} from '@firehose-splunk/internal';
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import { BackupWriter } from './backup-writer.js';
import { deliverBatch, type SplunkDestination } from '@firehose-splunk/internal';
import { startPutRecordServer } from './put-record-server.js';

/** The Firehose-shaped event a transformation Lambda receives. */
export interface ProcessorEvent {
  invocationId: string;
  deliveryStreamArn: string;
  region: string;
  records: Array<{ recordId: string; approximateArrivalTimestamp: number; data: string }>;
}

/** What a processor answers: Firehose's transformation result (a wrong answer is backed up, as Firehose does). */
export type ProcessorResponse = FirehoseTransformationResult;

/**
 * A transformation Lambda handler, invoked in-process: the transform Lambda's `handler` or
 * `createHandler()` fits as it is.
 */
export type Processor = (event: ProcessorEvent, context: Required<InvocationContext>) => Promise<ProcessorResponse>;

/** The Lambda timeout the processor sees unless `lambdaTimeoutMs` says otherwise (setup-cli's default). */
export const DEFAULT_LAMBDA_TIMEOUT_MS = 60_000;

export interface FirehoseSimulatorOptions {
  deliveryStreamName?: string;
  region?: string;
  accountId?: string;
  processor: Processor;
  /** ProcessingConfiguration BufferSizeInMBs, in bytes of record data (Firehose's Splunk default: 256 KB). */
  processorBufferBytes?: number;
  /** Lambda timeout the handler sees through getRemainingTimeInMillis. */
  lambdaTimeoutMs?: number;
  /** How often a failed invocation is retried before its records are backed up (Firehose: 3). */
  invocationRetries?: number;
  destination: SplunkDestination;
  s3BackupMode?: 'FailedEventsOnly' | 'AllEvents';
  /** Local folder standing in for the S3 backup bucket. */
  backupDir: string;
  /** Called after every invocation and delivery, for progress displays. */
  onProgress?: (stats: SimulatorStats) => void;
  /** Receives the data of every record HEC acknowledged. */
  onDelivered?: (records: Buffer[]) => void;
}

/** Counters of everything the simulator did. */
export interface SimulatorStats {
  recordsPut: number;
  recordsReingested: number;
  invocations: number;
  invocationErrors: number;
  ok: number;
  dropped: number;
  processingFailed: number;
  batchesDelivered: number;
  recordsDelivered: number;
  deliveryRetries: number;
  recordsSplunkFailed: number;
  bytesDelivered: number;
}

interface QueuedRecord {
  recordId: string;
  data: Buffer;
  arrival: number;
}

/**
 * The part of Amazon Data Firehose between a source and Splunk: buffers records for the
 * processor, invokes it, honours each result, delivers to HEC with acknowledgement and
 * retries, and writes what fails to a local backup folder in Firehose's error format.
 * It also serves PutRecordBatch on 127.0.0.1 for the processor's re-ingest path.
 */
export class FirehoseSimulator {
  readonly deliveryStreamName: string;
  readonly deliveryStreamArn: string;
  readonly region: string;
  readonly channel = randomUUID();
  readonly backup: BackupWriter;
  readonly stats: SimulatorStats = {
    recordsPut: 0,
    recordsReingested: 0,
    invocations: 0,
    invocationErrors: 0,
    ok: 0,
    dropped: 0,
    processingFailed: 0,
    batchesDelivered: 0,
    recordsDelivered: 0,
    deliveryRetries: 0,
    recordsSplunkFailed: 0,
    bytesDelivered: 0,
  };
  /** URL of the PutRecordBatch endpoint (set once started). */
  putRecordUrl = '';
  private readonly queue: QueuedRecord[] = [];
  private server: Server | undefined;
  private sequence = 0;
  private readonly lambdaArn: string;

  private constructor(private readonly options: FirehoseSimulatorOptions) {
    this.deliveryStreamName = options.deliveryStreamName ?? 'local-splunk-stream';
    this.region = options.region ?? 'us-east-1';
    const account = options.accountId ?? '123456789012';
    this.deliveryStreamArn = `arn:aws:firehose:${this.region}:${account}:deliverystream/${this.deliveryStreamName}`;
    this.lambdaArn = `arn:aws:lambda:${this.region}:${account}:function:local-transform`;
    this.backup = new BackupWriter(options.backupDir);
  }

  /** Creates a simulator and starts its PutRecordBatch endpoint. */
  static async start(options: FirehoseSimulatorOptions): Promise<FirehoseSimulator> {
    const simulator = new FirehoseSimulator(options);
    const put = await startPutRecordServer(simulator.deliveryStreamName, (records) => {
      simulator.stats.recordsReingested += records.length;
      return records.map((r) => simulator.enqueue(r));
    });
    simulator.server = put.server;
    simulator.putRecordUrl = put.url;
    return simulator;
  }

  private enqueue(data: Buffer): string {
    const recordId = `${Date.now()}${String(this.sequence++).padStart(12, '0')}`;
    this.queue.push({ recordId, data, arrival: Date.now() });
    return recordId;
  }

  /** Puts records as a source would (CloudWatch Logs' subscription, or Direct PUT). */
  put(records: readonly Buffer[]): string[] {
    this.stats.recordsPut += records.length;
    return records.map((r) => this.enqueue(r));
  }

  /** Records waiting for the processor. */
  get pending(): number {
    return this.queue.length;
  }

  private takeBatch(): QueuedRecord[] {
    const limit = this.options.processorBufferBytes ?? FIREHOSE_SPLUNK_PROCESSOR_BUFFER_BYTES;
    const batch: QueuedRecord[] = [];
    let bytes = 0;
    while (this.queue.length > 0) {
      const next = this.queue[0]!;
      if (batch.length > 0 && bytes + next.data.length > limit) break;
      batch.push(this.queue.shift()!);
      bytes += next.data.length;
    }
    return batch;
  }

  /** Processes and delivers until nothing is buffered, re-ingested records included. */
  async flush(): Promise<void> {
    while (this.queue.length > 0) {
      await this.processBatch(this.takeBatch());
      this.options.onProgress?.(this.stats);
    }
  }

  private errorRecord(record: QueuedRecord, attempts: number, errorCode: string, message: string, rawData: Buffer): string {
    const line: FirehoseErrorRecord = {
      attemptsMade: attempts,
      arrivalTimestamp: record.arrival,
      errorCode,
      errorMessage: message,
      attemptEndingTimestamp: Date.now(),
      rawData: rawData.toString('base64'),
      lambdaArn: this.lambdaArn,
    };
    return JSON.stringify(line);
  }

  private async invoke(batch: QueuedRecord[]): Promise<ProcessorResponse | { error: string; attempts: number }> {
    const retries = this.options.invocationRetries ?? FIREHOSE_LAMBDA_DEFAULT_RETRIES;
    let lastError = '';
    for (let attempt = 1; attempt <= retries + 1; attempt++) {
      const invocationId = randomUUID();
      const deadline = Date.now() + (this.options.lambdaTimeoutMs ?? DEFAULT_LAMBDA_TIMEOUT_MS);
      this.stats.invocations++;
      try {
        return await this.options.processor(
          {
            invocationId,
            deliveryStreamArn: this.deliveryStreamArn,
            region: this.region,
            records: batch.map((r) => ({ recordId: r.recordId, approximateArrivalTimestamp: r.arrival, data: r.data.toString('base64') })),
          },
          { getRemainingTimeInMillis: () => deadline - Date.now(), awsRequestId: invocationId },
        );
      } catch (error) {
        this.stats.invocationErrors++;
        lastError = errorMessage(error);
      }
    }
    return { error: lastError, attempts: retries + 1 };
  }

  private async processBatch(batch: QueuedRecord[]): Promise<void> {
    const response = await this.invoke(batch);
    if ('error' in response) {
      this.stats.processingFailed += batch.length;
      this.backup.write(
        'processing-failed',
        batch.map((r) => this.errorRecord(r, response.attempts, 'Lambda.FunctionError', response.error, r.data)),
      );
      return;
    }
    const byId = new Map<string, ProcessorResponse['records']>();
    for (const out of response.records) byId.set(out.recordId, [...(byId.get(out.recordId) ?? []), out]);
    const deliver: Array<{ record: QueuedRecord; data: Buffer }> = [];
    const failed: string[] = [];
    for (const record of batch) {
      const answers = byId.get(record.recordId) ?? [];
      const answer = answers.length === 1 ? answers[0]! : undefined;
      if (answer?.result === 'Ok') {
        this.stats.ok++;
        deliver.push({ record, data: Buffer.from(answer.data ?? '', 'base64') });
      } else if (answer?.result === 'Dropped') {
        this.stats.dropped++;
      } else {
        this.stats.processingFailed++;
        const why =
          answer === undefined
            ? `the processor answered recordId ${record.recordId} ${answers.length} times`
            : answer.result === 'ProcessingFailed'
              ? 'The Lambda function returned ProcessingFailed for the record'
              : `unknown result ${JSON.stringify(answer.result)}`;
        const code = answer?.result === 'ProcessingFailed' ? 'Lambda.ProcessingFailedStatus' : 'Lambda.InvalidRecordId';
        failed.push(this.errorRecord(record, 1, code, why, record.data));
      }
    }
    this.backup.write('processing-failed', failed);
    if (deliver.length === 0) return;

    const body = Buffer.concat(deliver.map((d) => d.data));
    const outcome = await deliverBatch(this.options.destination, body, this.channel, () => this.stats.deliveryRetries++);
    if (outcome.delivered) {
      this.stats.batchesDelivered++;
      this.stats.recordsDelivered += deliver.length;
      this.stats.bytesDelivered += body.length;
      this.options.onDelivered?.(deliver.map((d) => d.data));
      if (this.options.s3BackupMode === 'AllEvents') this.backup.write('all-events', deliver.map((d) => d.data.toString('base64')));
    } else {
      this.stats.recordsSplunkFailed += deliver.length;
      this.backup.write(
        'splunk-failed',
        deliver.map((d) => this.errorRecord(d.record, outcome.attempts, outcome.errorCode, outcome.errorMessage, d.data)),
      );
    }
  }

  /** Stops the PutRecordBatch endpoint. */
  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.closeAllConnections?.();
      server.close(() => resolve());
    });
  }
}
