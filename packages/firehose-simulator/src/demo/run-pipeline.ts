import { FirehoseClient } from '@aws-sdk/client-firehose';
import { seededRandom } from '@firehose-splunk/internal';
import { startHecMock, type HecMock } from '@firehose-splunk/hec-mock';
import { createHandler, DIRECT_FLOW_LOG_GROUP, firehoseSender, loadConfig, type InvocationSummary, type Logger, type MetricsSink } from '@firehose-splunk/transform-lambda';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FirehoseSimulator, type SimulatorStats } from '../simulator/firehose-simulator.js';
import { accountFor, messagesInBackup, messagesOfOutput, type EventAccounting } from './accounting.js';
import { APP_LOG_GROUP, FLOW_LOG_GROUP, generateRecords } from './generate.js';

export interface PipelineOptions {
  events: number;
  endpointType: 'Event' | 'Raw';
  faults: boolean;
  /**
   * Splunk is down for the whole run: the mock answers every request 503, and each batch goes
   * to the backup folder's splunk-failed/ once its (shortened) retry duration is spent; what
   * `firehose-splunk replay --from` brings back.
   */
  splunkDown?: boolean;
  /** Aim at a real Splunk HEC instead of the mock. */
  hecUrl?: string;
  hecToken?: string;
  seed?: number;
  backupDir?: string;
  onProgress?: (progress: PipelineProgress) => void;
}

export interface PipelineProgress {
  eventsGenerated: number;
  recordsPut: number;
  simulator: SimulatorStats;
}

/** Totals of the Lambda's invocation summaries. */
export interface LambdaTotals {
  invocations: number;
  recordsIn: number;
  ok: number;
  dropped: number;
  failed: number;
  splitRecords: number;
  deferredRecords: number;
  reingestedEntries: number;
  filteredEvents: number;
  /** Flow log records that came straight from VPC flow logs, not through a log group. */
  directFlowLogRecords: number;
}

export interface PipelineSummary {
  target: 'hec-mock' | 'splunk';
  endpointType: 'Event' | 'Raw';
  faults: boolean;
  events: EventAccounting;
  bySourcetype: Record<string, number>;
  byIndex: Record<string, number>;
  firehose: SimulatorStats;
  lambda: LambdaTotals;
  hec?: { requests: number; responsesByCode: Record<string, number>; faultsInjected: Record<string, number> };
  backupDir: string;
  seconds: number;
  eventsPerSecond: number;
}

export const DEMO_TOKEN = 'f1e2d3c4-b5a6-4978-8a9b-0c1d2e3f4a5b';

const silentLogger: Logger = { write() {} };
/** The retry duration with --splunk-down: long enough for a few retries, short enough for a demo. */
export const SPLUNK_DOWN_RETRY_MS = 1_000;
const noMetrics: MetricsSink = { publish() {} };

/**
 * Runs the whole pipeline on this machine: generated CloudWatch Logs payloads -> Firehose
 * simulator -> transform Lambda (in-process, re-ingesting over HTTP) -> HEC with indexer
 * acknowledgement -> local backup folder; then accounts for every generated event.
 */
export async function runPipeline(options: PipelineOptions): Promise<PipelineSummary> {
  const started = Date.now();
  const backupDir = options.backupDir ?? mkdtempSync(join(tmpdir(), 'firehose-splunk-demo-'));
  const generated = generateRecords({
    events: options.events,
    seed: options.seed ?? 1,
    corruptShare: options.faults ? 0.03 : 0,
    largeShare: options.faults ? 0.08 : 0,
  });

  let mock: HecMock | undefined;
  if (!options.hecUrl) {
    mock = await startHecMock({
      tokens: [{ token: DEMO_TOKEN, name: 'firehose', ack: true, defaultIndex: 'aws', defaultSourcetype: 'aws:firehose:raw' }],
      ackOptions: { indexingDelayMs: 20 },
      maxEvents: Math.max(options.events * 3, 1000),
      // The first delivery is always refused, so every faulty run exercises the retry path;
      // the rest is left to seeded chance.
      ...(options.faults ? { faults: { script: ['busy'], busyProbability: 0.15, dropProbability: 0.03, ackNeverProbability: 0.08 } } : {}),
      ...(options.splunkDown ? { faults: { busyProbability: 1 } } : {}),
      random: seededRandom((options.seed ?? 1) * 7919),
    });
  }
  const hecUrl = options.hecUrl ?? mock!.url;
  const delivered: string[] = [];
  const totals: LambdaTotals = { invocations: 0, recordsIn: 0, ok: 0, dropped: 0, failed: 0, splitRecords: 0, deferredRecords: 0, reingestedEntries: 0, filteredEvents: 0, directFlowLogRecords: 0 };
  const add = (s: InvocationSummary) => {
    totals.invocations++;
    totals.recordsIn += s.recordsIn;
    totals.ok += s.ok;
    totals.dropped += s.dropped;
    totals.failed += s.failed;
    totals.splitRecords += s.splitRecords;
    totals.deferredRecords += s.deferredRecords;
    totals.reingestedEntries += s.reingestedEntries;
    totals.filteredEvents += s.filteredEvents;
    totals.directFlowLogRecords += s.directFlowLogRecords;
  };

  let simulator: FirehoseSimulator | undefined;
  const config = loadConfig({
    HEC_ENDPOINT_TYPE: options.endpointType,
    ROUTES: JSON.stringify([
      { logGroup: FLOW_LOG_GROUP, index: 'network' },
      // Flow logs published straight to Firehose come with no log group of their own.
      { logGroup: DIRECT_FLOW_LOG_GROUP, index: 'network' },
      { logGroup: APP_LOG_GROUP, index: 'app', sourcetype: 'orders:json' },
    ]),
    METRICS_ENABLED: 'false',
    REINGEST_BASE_DELAY_MS: '20',
    // With faults on, a smaller response budget makes large records split and batches spill over.
    RESPONSE_BUDGET_BYTES: options.faults ? '600000' : '6000000',
  });
  const firehose = () =>
    new FirehoseClient({
      region: 'us-east-1',
      endpoint: simulator!.putRecordUrl,
      credentials: { accessKeyId: 'LOCALDEMO', secretAccessKey: 'local-demo-secret' },
      maxAttempts: 1,
    });
  const handler = createHandler({
    config,
    logger: silentLogger,
    metrics: noMetrics,
    senderFor: (target) => {
      if (target.kind !== 'firehose') throw new Error('the local pipeline is a Direct PUT stream');
      return firehoseSender(target.deliveryStreamArn, firehose());
    },
    onOutcome: (outcome) => add(outcome.summary),
  });

  const progress = () => options.onProgress?.({ eventsGenerated: options.events, recordsPut: simulator!.stats.recordsPut, simulator: simulator!.stats });
  simulator = await FirehoseSimulator.start({
    processor: handler,
    processorBufferBytes: options.faults ? 512 * 1024 : 256 * 1024,
    destination: {
      hecUrl,
      hecToken: options.hecToken ?? DEMO_TOKEN,
      hecEndpointType: options.endpointType,
      ackTimeoutMs: options.faults || options.splunkDown ? 600 : 30_000,
      retryDurationMs: options.splunkDown ? SPLUNK_DOWN_RETRY_MS : options.faults ? 6_000 : 60_000,
      ackPollIntervalMs: 25,
    },
    s3BackupMode: 'FailedEventsOnly',
    backupDir,
    onProgress: progress,
    onDelivered: (records) => {
      for (const data of records) delivered.push(...messagesOfOutput(data, options.endpointType));
    },
  });

  try {
    // CloudWatch Logs puts records as they come; the demo feeds them in slices of 50.
    for (let i = 0; i < generated.length; i += 50) {
      simulator.put(generated.slice(i, i + 50).map((r) => r.data));
      await simulator.flush();
    }
    await simulator.flush();
  } finally {
    await simulator.stop();
  }

  const indexedEvents = mock ? mock.events() : [];
  const indexedMessages = mock
    ? indexedEvents.map((e) => (typeof e.event === 'string' ? e.event : JSON.stringify(e.event)))
    : delivered;
  const bySourcetype: Record<string, number> = {};
  const byIndex: Record<string, number> = {};
  if (mock) {
    const counters = mock.counters();
    Object.assign(bySourcetype, counters.bySourcetype);
    Object.assign(byIndex, counters.byIndex);
  }
  const events = accountFor(generated, indexedMessages, messagesInBackup(backupDir, generated, options.endpointType));
  const hecCounters = mock?.counters();
  await mock?.stop();
  const seconds = (Date.now() - started) / 1000;
  const summary: PipelineSummary = {
    target: mock ? 'hec-mock' : 'splunk',
    endpointType: options.endpointType,
    faults: options.faults,
    events,
    bySourcetype,
    byIndex,
    firehose: { ...simulator.stats },
    lambda: totals,
    backupDir,
    seconds,
    eventsPerSecond: Math.round(events.generated / seconds),
  };
  if (hecCounters) {
    summary.hec = { requests: hecCounters.requests, responsesByCode: hecCounters.responsesByCode, faultsInjected: hecCounters.faultsInjected };
  }
  return summary;
}
