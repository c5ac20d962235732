export {
  startHecMock,
  DEFAULT_TOKEN,
  DEFAULT_MAX_EVENTS,
  ENTERPRISE_MAX_CONTENT_LENGTH,
  CLOUD_MAX_CONTENT_LENGTH,
  DEFAULT_MAX_EVENT_BYTES,
  DEFAULT_MAX_BUFFERED_BODY_BYTES,
  type HecMock,
  type HecMockOptions,
} from './server.js';
export { HEC, type HecStatus, type HecResponseBody } from './collector/hec-status.js';
export type { TokenConfig } from './collector/auth.js';
export { FAULT_ACTIONS, NO_FAULTS, type FaultOptions, type FaultAction } from './chaos/faults.js';
export type { SplunkFlavor } from './mock-context.js';
export type { AckOptions, AckState, ChannelSummary } from './acks/ack-tracker.js';
export type { IndexedEvent } from './collector/event-validation.js';
export type { HecCounters, StoredEvent } from './store/event-store.js';
export type { EventQuery } from './store/event-query.js';
export type { WaitResult } from './store/event-waiters.js';
export type { EventRow, EventDetail } from './inspection/event-row.js';
export { ROUTES } from './routes.js';
export { HecMockClient, HecMockClientError, type HecMockClientOptions } from './client.js';
export {
  startSplunkCompat,
  SPLUNK_HEC_PORT,
  SPLUNK_MANAGEMENT_PORT,
  ANSWERED_SPLUNK_VERSION,
  type SplunkCompat,
  type SplunkCompatOptions,
} from './splunk-compat/splunk-compat.js';
export { SPL_SUBSET } from './splunk-compat/spl-search.js';
export { generateSplunkLikeChain, type GeneratedChain } from './splunk-compat/certificates.js';
