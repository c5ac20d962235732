import { createHandler, type FirehoseHandler } from './handler.js';

let instance: FirehoseHandler | undefined;

/**
 * The Lambda entry point. Configuration is validated on the first invocation of a cold
 * container; a ConfigError names every bad variable.
 */
export const handler: FirehoseHandler = (event, context) => {
  instance ??= createHandler();
  return instance(event, context);
};

export { createHandler, type HandlerOptions, type FirehoseHandler } from './handler.js';
export { loadConfig, REINGEST_DEFAULTS, type TransformConfig, type HecEndpointType } from './config.js';
export { ConfigError, NotAFirehoseEventError, InvalidStreamArnError } from './errors.js';
export { processBatch, type BatchOutcome } from './process-batch.js';
export type { InvocationSummary } from './observability/summary.js';
export type { Logger } from './observability/logger.js';
export type { MetricsSink } from './observability/metrics.js';
export { LOG_EVENTS, type LogEventName } from './observability/log-events.js';
export { firehoseSender, kinesisSender, type ReingestTarget } from './reingest/reingest-senders.js';
export { reingest, type ReingestSender, type ReingestEntry, type PutOutcome, type ReingestOptions, type ReingestReport } from './reingest/reingest.js';
export type * from './types.js';
/** The log group name flow log records delivered straight to Firehose are routed by (ROUTES, DEFAULT_SOURCE). */
export { DIRECT_FLOW_LOG_GROUP } from './record/direct-flow-log.js';
