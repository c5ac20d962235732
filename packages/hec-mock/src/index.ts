export {
  startHecMock,
  DEFAULT_TOKEN,
  DEFAULT_MAX_EVENTS,
  DEFAULT_MAX_BODY_BYTES,
  type HecMock,
  type HecMockOptions,
} from './server.js';
export { HEC, type HecStatus, type HecResponseBody } from './collector/hec-status.js';
export type { TokenConfig } from './collector/auth.js';
export type { FaultOptions, FaultAction } from './chaos/faults.js';
export type { AckOptions, AckState, ChannelSummary } from './acks/ack-tracker.js';
export type { IndexedEvent } from './collector/event-validation.js';
export type { HecCounters, StoredEvent } from './store/event-store.js';
export type { EventQuery } from './store/event-query.js';
export type { WaitResult } from './store/event-waiters.js';
export type { EventRow, EventDetail } from './inspection/event-row.js';
export { ROUTES } from './routes.js';
export { HecMockClient, HecMockClientError, type HecMockClientOptions } from './client.js';
