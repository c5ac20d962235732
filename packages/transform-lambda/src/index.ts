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
export { loadConfig, type TransformConfig } from './config.js';
export { ConfigError } from './config-error.js';
export { processBatch, type BatchOutcome } from './process-batch.js';
export type * from './types.js';
