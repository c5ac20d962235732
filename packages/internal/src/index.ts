export { sleep, type Sleep } from './sleep.js';
export { seededRandom } from './seeded-random.js';
export { backoffCeilingMs, backoffDelayMs, type BackoffPolicy } from './backoff.js';
export { errorMessage, errorText } from './error-text.js';
export { CodedError, hasCode } from './coded-error.js';
export { parseArn, type Arn } from './arn.js';
export * from './firehose/limits.js';
export type * from './firehose/wire.js';
export {
  deliverBatch,
  hecRequest,
  FIREHOSE_HEC_ACK_TIMEOUT_MS,
  FIREHOSE_SPLUNK_RETRY_DURATION_MS,
  HEC_DELIVERY_BACKOFF,
  HEC_REQUEST_TIMEOUT_MS,
  type SplunkDestination,
  type DeliveryOutcome,
  type HttpAnswer,
} from './hec/hec-delivery.js';
