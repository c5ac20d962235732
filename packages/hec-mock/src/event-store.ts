import { appendFileSync } from 'node:fs';
import type { IndexedEvent } from './event-validation.js';

/** Counters an inspecting test reads. */
export interface HecCounters {
  requests: number;
  eventsIndexed: number;
  /** Indexed but not kept in memory because the cap was reached. */
  eventsNotKept: number;
  byIndex: Record<string, number>;
  bySourcetype: Record<string, number>;
  responsesByCode: Record<string, number>;
  acksIssued: number;
  ackQueries: number;
  faultsInjected: Record<string, number>;
}

export function emptyCounters(): HecCounters {
  return {
    requests: 0,
    eventsIndexed: 0,
    eventsNotKept: 0,
    byIndex: {},
    bySourcetype: {},
    responsesByCode: {},
    acksIssued: 0,
    ackQueries: 0,
    faultsInjected: {},
  };
}

const bump = (record: Record<string, number>, key: string, by = 1) => {
  record[key] = (record[key] ?? 0) + by;
};

export { bump };

/** Filters for reading events back. */
export interface EventQuery {
  index?: string;
  sourcetype?: string;
  source?: string;
  limit?: number;
}

/** Keeps indexed events in memory up to a cap, counting all, optionally appending to a JSONL file. */
export class EventStore {
  private events: IndexedEvent[] = [];
  counters: HecCounters = emptyCounters();

  constructor(
    private readonly maxEvents: number,
    private readonly jsonlPath?: string,
  ) {}

  add(batch: readonly IndexedEvent[]): void {
    // Runs of the same index and sourcetype are counted once: batches are usually uniform.
    let runIndex = '';
    let runSourcetype = '';
    let run = 0;
    const flush = () => {
      if (run === 0) return;
      bump(this.counters.byIndex, runIndex, run);
      bump(this.counters.bySourcetype, runSourcetype, run);
    };
    for (const event of batch) {
      if (event.index !== runIndex || event.sourcetype !== runSourcetype) {
        flush();
        runIndex = event.index;
        runSourcetype = event.sourcetype;
        run = 0;
      }
      run++;
      if (this.events.length < this.maxEvents) this.events.push(event);
      else this.counters.eventsNotKept++;
    }
    flush();
    this.counters.eventsIndexed += batch.length;
    if (this.jsonlPath !== undefined && batch.length > 0) {
      appendFileSync(this.jsonlPath, batch.map((e) => `${JSON.stringify(e)}\n`).join(''));
    }
  }

  query(filter: EventQuery = {}): IndexedEvent[] {
    const matching = this.events.filter(
      (e) =>
        (filter.index === undefined || e.index === filter.index) &&
        (filter.sourcetype === undefined || e.sourcetype === filter.sourcetype) &&
        (filter.source === undefined || e.source === filter.source),
    );
    return filter.limit === undefined ? matching : matching.slice(0, filter.limit);
  }

  reset(): void {
    this.events = [];
    this.counters = emptyCounters();
  }
}
