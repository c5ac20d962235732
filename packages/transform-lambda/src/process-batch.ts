import { Base64Texts } from './response/base64-texts.js';
import type { TransformConfig } from './config.js';
import { NotAFirehoseEventError } from './errors.js';
import { decodeBase64Strict, decodeRecord } from './record/decode-record.js';
import { directFlowLogPayload } from './record/direct-flow-log.js';
import type { FormatResult, PayloadFormatter } from './format/general-formatter.js';
import type { DirectFlowLogFormatter } from './format/direct-flow-log-formatter.js';
import type { FastFormatter } from './format/js-fast-formatter.js';
import type { RecordPipeline } from './format/wasm-record-pipeline.js';
import type { Gunzip } from './record/gunzip.js';
import type { EventLog } from './observability/logger.js';
import { reingest, type ReingestEntry, type ReingestSender } from './reingest/reingest.js';
import type { ReingestTarget } from './reingest/reingest-senders.js';
import { ResponseBudget } from './response/response-budget.js';
import { splitPayload } from './record/split-payload.js';
import { emptySummary, type InvocationSummary } from './observability/summary.js';
import type {
  CloudWatchLogsDataMessage,
  FirehoseInputRecord,
  FirehoseOutputRecord,
  FirehoseTransformationEvent,
  FirehoseTransformationResult,
} from './types.js';

/** What processBatch needs from the outside world, all injectable for tests. */
export interface BatchDependencies {
  config: TransformConfig;
  formatter: PayloadFormatter;
  /** The fast path, where the configuration allows one. */
  fastFormatter?: FastFormatter;
  /** The whole record in WebAssembly (FAST_PATH=wasm), tried before anything else. */
  recordPipeline?: RecordPipeline;
  /** Flow log records delivered straight to Firehose, where the configuration allows a fast path. */
  directFormatter?: DirectFlowLogFormatter;
  gunzip: Gunzip;
  log: EventLog;
  senderFor: (target: ReingestTarget) => ReingestSender;
  /** Milliseconds left before the Lambda times out; unbounded when unknown. */
  remainingTimeMs?: () => number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

export interface BatchOutcome {
  response: FirehoseTransformationResult;
  summary: InvocationSummary;
  /** Entries put back into the source, for tests and the local simulator. */
  reingested: ReingestEntry[];
}

/** Checks the event's shape; a malformed event is a wiring problem, so it throws with a clear message. */
export function assertFirehoseEvent(event: unknown): asserts event is FirehoseTransformationEvent {
  const e = event as Partial<FirehoseTransformationEvent> | null;
  if (typeof e !== 'object' || e === null || !Array.isArray(e.records)) {
    throw new NotAFirehoseEventError('the event is not a Firehose data-transformation event (no records array)');
  }
  for (const [i, record] of e.records.entries()) {
    if (typeof record?.recordId !== 'string' || typeof record.data !== 'string') {
      throw new NotAFirehoseEventError(`records[${i}] has no string recordId and data`);
    }
  }
}

function reingestTarget(event: FirehoseTransformationEvent): ReingestTarget | undefined {
  if (event.sourceKinesisStreamArn) return { kind: 'kinesis', streamArn: event.sourceKinesisStreamArn };
  if (event.deliveryStreamArn) return { kind: 'firehose', deliveryStreamArn: event.deliveryStreamArn };
  return undefined;
}

function partitionKeyOf(record: FirehoseInputRecord): string {
  return record.kinesisRecordMetadata?.partitionKey ?? record.recordId;
}

/**
 * Transforms one Firehose batch: every recordId answered once, in order, never a throw
 * for one bad record, the response within the budget, and nothing Dropped unless it was
 * re-ingested, a control message, or removed by a configured filter.
 */
export async function processBatch(event: FirehoseTransformationEvent, deps: BatchDependencies): Promise<BatchOutcome> {
  const started = (deps.now ?? Date.now)();
  const { config, formatter, gunzip, log } = deps;
  const summary = emptySummary(event.invocationId, event.sourceKinesisStreamArn ? 'KinesisStream' : 'DirectPut');
  const records = event.records;
  summary.recordsIn = records.length;
  // Each record's answer, set once it is known (Ok ones after the loop, from their texts).
  const results: Array<FirehoseOutputRecord | undefined> = new Array(records.length);
  const budget = new ResponseBudget(config.responseBudgetBytes, records.map((r) => r.recordId));
  const pendingReingest: ReingestEntry[] = [];
  const awaitingReingest = new Set<number>();
  let budgetSpent = false;
  // Ok records' data: encoded as they come, turned into strings once the loop is done.
  const okTexts = new Base64Texts();
  const okRecords: number[] = [];

  const fail = (index: number, reason: string, detail: string) => {
    results[index] = { recordId: records[index]!.recordId, result: 'ProcessingFailed' };
    summary.failuresByReason[reason] = (summary.failuresByReason[reason] ?? 0) + 1;
    log.emit('record-processing-failed', { invocationId: event.invocationId, recordId: records[index]!.recordId, reason, detail });
  };
  const defer = (index: number, data: Buffer) => {
    const record = records[index]!;
    pendingReingest.push({ data, partitionKey: partitionKeyOf(record), sourceRecordId: record.recordId });
    awaitingReingest.add(index);
  };

  const fast = deps.fastFormatter;
  const fastFormat = fast ? (bytes: Buffer) => fast(bytes, event.region) : undefined;
  // Counted only for records answered here; a re-ingested record is counted when it comes back.
  const count = (formatted: FormatResult) => {
    summary.eventsIn += formatted.eventsIn;
    summary.filteredEvents += formatted.filteredEvents;
    summary.blankEvents += formatted.blankEvents;
    summary.unparsedFlowLogLines += formatted.unparsedFlowLogLines;
  };

  const pipeline = deps.recordPipeline;
  const directFormat = deps.directFormatter;

  /**
   * Answers a record a fast path formatted whole: Dropped when nothing is left, Ok when it fits
   * the budget. False past the budget: the ordinary path reads the record again and defers or
   * splits it.
   */
  const answerFormatted = (index: number, done: FormatResult, recordBytes: number, decompressedBytes: number, base64?: (() => Uint8Array) | string): boolean => {
    const recordId = records[index]!.recordId;
    if (done.eventsOut === 0) {
      summary.bytesIn += recordBytes;
      summary.bytesDecompressed += decompressedBytes;
      count(done);
      summary.emptyAfterFilter++;
      results[index] = { recordId, result: 'Dropped' };
      return true;
    }
    if (!budget.tryConsume(done.output.length)) return false;
    summary.bytesIn += recordBytes;
    summary.bytesDecompressed += decompressedBytes;
    count(done);
    summary.eventsOut += done.eventsOut;
    summary.bytesOut += done.output.length;
    // Encoded now (unless the fast path made the text): the pipeline's output is a view of its
    // memory, reused by the next record.
    okTexts.add(done.output, base64);
    okRecords.push(index);
    return true;
  };

  records.forEach((record, index) => {
    if (directFormat !== undefined && !budgetSpent) {
      const done = directFormat(record.data, record.approximateArrivalTimestamp ?? started, record.recordId, event.region);
      if (done !== undefined && answerFormatted(index, done, done.recordBytes, done.recordBytes, done.base64Text)) {
        summary.directFlowLogRecords++;
        return;
      }
    }
    if (pipeline !== undefined && !budgetSpent) {
      const done = pipeline(record.data, event.region);
      if (done !== undefined && answerFormatted(index, done, done.compressedBytes, done.decompressedBytes, done.encodeBase64)) return;
    }
    if (budgetSpent) {
      // Past the budget the record goes back untouched: no gunzip, no parse.
      const compressed = decodeBase64Strict(record.data);
      if (compressed === undefined) fail(index, 'invalid-base64', 'data is not valid base64');
      else {
        summary.bytesIn += compressed.length;
        summary.deferredRecords++;
        defer(index, compressed);
      }
      return;
    }
    const direct = (bytes: Buffer) => directFlowLogPayload(bytes, config.flowLogFormat, record.approximateArrivalTimestamp ?? started, record.recordId);
    const decoded = decodeRecord(record.data, gunzip, fastFormat, direct);
    if (decoded.compressed) summary.bytesIn += decoded.compressed.length;
    if (!decoded.ok) {
      fail(index, decoded.reason, decoded.detail);
      return;
    }
    if (decoded.direct) summary.directFlowLogRecords++;
    summary.bytesDecompressed += decoded.decompressedBytes;
    let formatted: FormatResult;
    let payload: () => CloudWatchLogsDataMessage;
    if (decoded.fast !== undefined) {
      formatted = decoded.fast;
      payload = decoded.payload;
    } else {
      const full = decoded.payload;
      if (full.messageType === 'CONTROL_MESSAGE') {
        summary.controlMessages++;
        results[index] = { recordId: record.recordId, result: 'Dropped' };
        return;
      }
      formatted = formatter.format(full, event.region);
      payload = () => full;
    }
    if (formatted.eventsOut === 0) {
      count(formatted);
      summary.emptyAfterFilter++;
      results[index] = { recordId: record.recordId, result: 'Dropped' };
      return;
    }
    if (budget.tryConsume(formatted.output.length)) {
      count(formatted);
      summary.eventsOut += formatted.eventsOut;
      summary.bytesOut += formatted.output.length;
      okTexts.add(formatted.output);
      okRecords.push(index);
      return;
    }
    if (budget.fitsAlone(record.recordId, formatted.output.length)) {
      budgetSpent = true;
      summary.deferredRecords++;
      defer(index, decoded.compressed);
      return;
    }
    const split = splitPayload(payload(), (part) =>
      budget.fitsAlone(record.recordId, formatter.format(part, event.region).output.length),
    );
    if (!split.ok) {
      fail(index, 'event-too-large', split.detail);
      return;
    }
    summary.splitRecords++;
    summary.splitParts += split.parts.length;
    for (const part of split.parts) defer(index, part.compressed);
  });
  // Before the re-ingest awaits, so the scratch is handed back for the next invocation at once.
  const texts = okTexts.finish();
  okRecords.forEach((index, i) => {
    results[index] = { recordId: records[index]!.recordId, result: 'Ok', data: texts[i] as string };
  });

  const reingested: ReingestEntry[] = [];
  if (pendingReingest.length > 0) {
    const target = reingestTarget(event);
    let failedIds: Set<string>;
    let reasons = new Map<string, string>();
    if (target === undefined) {
      failedIds = new Set(pendingReingest.map((e) => e.sourceRecordId));
      for (const id of failedIds) reasons.set(id, 'the event names neither deliveryStreamArn nor sourceKinesisStreamArn');
    } else {
      const now = deps.now ?? Date.now;
      const remaining = deps.remainingTimeMs?.() ?? Number.POSITIVE_INFINITY;
      const report = await reingest(pendingReingest, deps.senderFor(target), {
        ...config.reingest,
        deadline: now() + remaining - config.reingest.safetyMarginMs,
        now,
        ...(deps.sleep ? { sleep: deps.sleep } : {}),
        ...(deps.random ? { random: deps.random } : {}),
      });
      failedIds = report.failedRecordIds;
      reasons = report.failureReasons;
      summary.reingestedEntries = report.putEntries;
      summary.reingestCalls = report.calls;
    }
    for (const entry of pendingReingest) {
      if (!failedIds.has(entry.sourceRecordId)) reingested.push(entry);
    }
    for (const index of awaitingReingest) {
      const id = records[index]!.recordId;
      if (failedIds.has(id)) {
        summary.reingestFailedRecords++;
        fail(index, 'reingest-failed', reasons.get(id) ?? 'could not re-ingest');
      } else {
        results[index] = { recordId: id, result: 'Dropped' };
      }
    }
  }

  let resultNameBytes = 0;
  for (let i = 0; i < results.length; i++) {
    // Every record is answered above; one that were not would fail rather than go missing.
    const r = (results[i] ??= { recordId: records[i]!.recordId, result: 'ProcessingFailed' });
    if (r.result === 'Ok') summary.ok++;
    else if (r.result === 'Dropped') summary.dropped++;
    else summary.failed++;
    resultNameBytes += r.result.length;
  }
  const response: FirehoseTransformationResult = { records: results as FirehoseOutputRecord[] };
  summary.responseBytes = budget.responseBytes(resultNameBytes);
  summary.durationMs = (deps.now ?? Date.now)() - started;
  return { response, summary, reingested };
}
