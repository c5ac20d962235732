import { loadConfig, type TransformConfig } from './config.js';
import { createPayloadFormatter, type PayloadFormatter } from './format/general-formatter.js';
import { createDirectFlowLogFormatter } from './format/direct-flow-log-formatter.js';
import { WasmDirectFlowLines } from './format/wasm-direct-flow-line.js';
import { createFastPath, guardDirectFormatter, guardPipeline } from './format/formatter-chain.js';
import { createWasmRecordPipeline } from './format/wasm-record-pipeline.js';
import { loadGunzip } from './record/gunzip.js';
import { errorText, type Sleep } from '@firehose-splunk/internal';
import { ConfigError, NotAFirehoseEventError } from './errors.js';
import { createJsonLogger, EventLog, type Logger } from './observability/logger.js';
import { loadPowertoolsMetricsSink, noMetrics, type MetricsSink } from './observability/metrics.js';
import { assertFirehoseEvent, processBatch, type BatchOutcome } from './process-batch.js';
import type { ReingestSender } from './reingest/reingest.js';
import { createSenderFactory, type ReingestTarget } from './reingest/reingest-senders.js';
import type { FirehoseTransformationResult, InvocationContext } from './types.js';

/** Optional replacements for the handler's edges: logger, metrics, re-ingest senders, clock. */
export interface HandlerOptions {
  config?: TransformConfig;
  formatter?: PayloadFormatter;
  logger?: Logger;
  metrics?: MetricsSink;
  senderFor?: (target: ReingestTarget) => ReingestSender;
  sleep?: Sleep;
  random?: () => number;
  /** Receives every outcome (response, summary, re-ingested entries): used by the local simulator. */
  onOutcome?: (outcome: BatchOutcome) => void;
}

export type FirehoseHandler = (event: unknown, context?: InvocationContext) => Promise<FirehoseTransformationResult>;

/**
 * Builds a Firehose transformation handler. Configuration is read and validated here,
 * once, so a bad variable fails the cold start with a message that names it.
 */
// Lambda reuses a process for many invocations; only the first one in a process is a cold start.
let processHasInvoked = false;

export function createHandler(options: HandlerOptions = {}): FirehoseHandler {
  const log = new EventLog(options.logger ?? createJsonLogger());
  let config: TransformConfig;
  try {
    config = options.config ?? loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) log.emit('config-invalid', { problems: error.problems });
    throw error;
  }
  const formatter = options.formatter ?? createPayloadFormatter(config);
  const metricsLoaded: Promise<MetricsSink> = options.metrics
    ? Promise.resolve(options.metrics)
    : config.metrics.enabled
      ? loadPowertoolsMetricsSink(config.metrics.namespace, config.metrics.serviceName)
      : Promise.resolve(noMetrics);
  // Loaded now, awaited by the first invocation (where a failure to load then surfaces): until
  // then, a rejection must not count as unhandled and end the process.
  metricsLoaded.catch(() => undefined);
  const senderFor = options.senderFor ?? createSenderFactory();
  const gunzipLoaded = loadGunzip(config.gunzip);
  gunzipLoaded.catch(() => undefined);
  // A fast path that throws is skipped for that record; the line says so, since it costs speed.
  const fastPathFailed = (error: unknown) => log.emit('fast-path-failed', { detail: errorText(error) });
  const fastFormatter = options.formatter ? undefined : createFastPath(config, formatter, fastPathFailed);
  const recordPipeline = options.formatter || config.fastPath !== 'wasm' ? undefined : guardPipeline(createWasmRecordPipeline(config, formatter), fastPathFailed);
  const directFormatter = options.formatter || config.fastPath === 'off' ? undefined : guardDirectFormatter(createDirectFlowLogFormatter(config, formatter, config.fastPath === 'wasm' ? new WasmDirectFlowLines() : undefined), fastPathFailed);

  return async (event, context) => {
    log.setContext({ awsRequestId: context?.awsRequestId, coldStart: !processHasInvoked });
    processHasInvoked = true;
    try {
      assertFirehoseEvent(event);
    } catch (error) {
      if (error instanceof NotAFirehoseEventError) log.emit('invocation-rejected', { code: error.code, detail: error.message });
      throw error;
    }
    const remaining = context?.getRemainingTimeInMillis?.bind(context);
    const gunzip = await gunzipLoaded;
    const outcome = await processBatch(event, {
      config,
      formatter,
      ...(fastFormatter ? { fastFormatter } : {}),
      ...(recordPipeline ? { recordPipeline } : {}),
      ...(directFormatter ? { directFormatter } : {}),
      gunzip,
      log,
      senderFor,
      ...(remaining ? { remainingTimeMs: remaining } : {}),
      ...(options.sleep ? { sleep: options.sleep } : {}),
      ...(options.random ? { random: options.random } : {}),
    });
    log.emit('invocation-summary', outcome.summary);
    (await metricsLoaded).publish(outcome.summary);
    options.onOutcome?.(outcome);
    return outcome.response;
  };
}
