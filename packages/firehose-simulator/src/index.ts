export {
  FirehoseSimulator,
  DEFAULT_LAMBDA_TIMEOUT_MS,
  type FirehoseSimulatorOptions,
  type SimulatorStats,
  type Processor,
  type ProcessorEvent,
  type ProcessorResponse,
} from './simulator/firehose-simulator.js';
export {
  FIREHOSE_HEC_ACK_TIMEOUT_MS,
  FIREHOSE_SPLUNK_RETRY_DURATION_MS,
  HEC_DELIVERY_BACKOFF,
  type SplunkDestination,
} from '@firehose-splunk/internal';
export type { FirehoseErrorRecord, BackupFolder } from './simulator/backup-writer.js';
export { runPipeline, DEMO_TOKEN, type PipelineOptions, type PipelineSummary, type PipelineProgress, type LambdaTotals } from './demo/run-pipeline.js';
export type { EventAccounting } from './demo/accounting.js';
