import type { AckTracker } from './acks/ack-tracker.js';
import type { FaultOptions } from './chaos/faults.js';
import type { TokenConfig } from './collector/auth.js';
import type { LiveStream } from './inspection/live-stream.js';
import type { EventStore } from './store/event-store.js';
import type { EventWaiters } from './store/event-waiters.js';

/** Everything a route handler works with: one per running mock. */
export interface MockContext {
  tokens: Map<string, TokenConfig>;
  acks: AckTracker;
  store: EventStore;
  waiters: EventWaiters;
  live: LiveStream;
  faults(): FaultOptions;
  setFaults(update: Partial<FaultOptions>): void;
  reset(): void;
  /** Stops the mock as `stop()` does (POST /__mock/shutdown). */
  shutdown(): void;
  random: () => number;
  allowQueryStringToken: boolean;
  maxBodyBytes: number;
  /** Serve the web view at /__mock/ui (--no-ui turns it off). */
  ui: boolean;
  /** When set, every /__mock/* request must carry it. */
  inspectToken: string | undefined;
}
