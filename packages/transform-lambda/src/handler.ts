import { loadConfig, type TransformConfig } from './config.js';
import { createPayloadFormatter, type PayloadFormatter } from './format-payload.js';
import { createFastPath } from './fast-path.js';
import { selectGunzip } from './gunzip.js';
import { createJsonLogger, type Logger } from './log.js';
import { createPowertoolsMetricsSink, noMetrics, type MetricsSink } from './metrics.js';
import { assertFirehoseEvent, processBatch, type BatchOutcome } from './process-batch.js';
import type { ReingestSender } from './reingest.js';
import { createSenderFactory, type ReingestTarget } from './reingest-clients.js';
import type { FirehoseTransformationResult, InvocationContext } from './types.js';

/** Optional replacements for the handler's edges: logger, metrics, re-ingest senders, clock. */
export interface HandlerOptions {
  config?: TransformConfig;
  formatter?: PayloadFormatter;
  logger?: Logger;
  metrics?: MetricsSink;
  senderFor?: (target: ReingestTarget) => ReingestSender;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** Receives every outcome (response, summary, re-ingested entries): used by the local simulator. */
  onOutcome?: (outcome: BatchOutcome) => void;
}

export type FirehoseHandler = (event: unknown, context?: InvocationContext) => Promise<FirehoseTransformationResult>;

/**
 * Builds a Firehose transformation handler. Configuration is read and validated here,
 * once, so a bad variable fails the cold start with a message that names it.
 */
export function createHandler(options: HandlerOptions = {}): FirehoseHandler {
  const config = options.config ?? loadConfig();
  const formatter = options.formatter ?? createPayloadFormatter(config);
  const logger = options.logger ?? createJsonLogger();
  const metrics =
    options.metrics ??
    (config.metrics.enabled ? createPowertoolsMetricsSink(config.metrics.namespace, config.metrics.serviceName) : noMetrics);
  const senderFor = options.senderFor ?? createSenderFactory();
  const gunzip = selectGunzip(config.gunzip);
  // A fast path that throws is skipped for that record; the line says so, since it costs speed.
  const fastFormatter = options.formatter
    ? undefined
    : createFastPath(config, formatter, (error) =>
        logger.warn('fast path failed; the general path formatted the record', { detail: error instanceof Error ? error.message : String(error) }),
      );

  return async (event, context) => {
    assertFirehoseEvent(event);
    const remaining = context?.getRemainingTimeInMillis?.bind(context);
    const outcome = await processBatch(event, {
      config,
      formatter,
      ...(fastFormatter ? { fastFormatter } : {}),
      gunzip,
      logger,
      senderFor,
      ...(remaining ? { remainingTimeMs: remaining } : {}),
      ...(options.sleep ? { sleep: options.sleep } : {}),
      ...(options.random ? { random: options.random } : {}),
    });
    logger.info('invocation summary', { ...outcome.summary });
    metrics.publish(outcome.summary);
    options.onOutcome?.(outcome);
    return outcome.response;
  };
}
