export { sleep, type Sleep } from './sleep.js';
export { seededRandom } from './seeded-random.js';
export { backoffCeilingMs, backoffDelayMs, type BackoffPolicy } from './backoff.js';
export { errorMessage, errorText } from './error-text.js';
export { CodedError, hasCode } from './coded-error.js';
export { parseArn, type Arn } from './arn.js';
export * from './firehose/limits.js';
export type * from './firehose/wire.js';
