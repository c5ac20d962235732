import type { AckTracker } from './acks/ack-tracker.js';
import type { FaultOptions } from './chaos/faults.js';
import type { TokenConfig } from './collector/auth.js';
import type { BodyBudget } from './http/body-budget.js';
import type { LiveStream } from './inspection/live-stream.js';
import type { EventStore } from './store/event-store.js';
import type { EventWaiters } from './store/event-waiters.js';

/**
 * Which Splunk the mock answers as where they differ: Splunk Enterprise (10.4.3 measured) or
 * Splunk Cloud Platform (10.5.2605.9 measured).
 */
export type SplunkFlavor = 'enterprise' | 'cloud';

/** Everything a route handler works with: one per running mock. */
export interface MockContext {
  flavor: SplunkFlavor;
  tokens: Map<string, TokenConfig>;
  acks: AckTracker;
  store: EventStore;
  waiters: EventWaiters;
  live: LiveStream;
  faults(): FaultOptions;
  setFaults(update: Partial<FaultOptions>): void;
  reset(): void;
  /** Plays an indexer restart: events not yet indexed are lost and every channel is forgotten. */
  restart(): void;
  /** Stops the mock as `stop()` does (POST /__mock/shutdown). */
  shutdown(): void;
  random: () => number;
  allowQueryStringToken: boolean;
  /** max_content_length: the largest body (Splunk Cloud: the body cap, answered with code 6). */
  maxBodyBytes: number;
  /** maxEventSize: the largest single event. */
  maxEventBytes: number;
  /** Bytes of bodies held at once across requests. */
  bodyBudget: BodyBudget;
  /** Serve the web view at /__mock/ui (--no-ui turns it off). */
  ui: boolean;
  /** When set, every /__mock/* request must carry it. */
  inspectToken: string | undefined;
}
