export { startHecMock, DEFAULT_TOKEN, type HecMock, type HecMockOptions } from './server.js';
export { HEC, type HecStatus, type HecResponseBody } from './hec-status.js';
export type { TokenConfig } from './auth.js';
export type { FaultOptions, FaultAction } from './faults.js';
export type { AckOptions } from './ack-tracker.js';
export type { IndexedEvent } from './event-validation.js';
export type { HecCounters, EventQuery } from './event-store.js';
