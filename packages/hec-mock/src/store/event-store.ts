import { appendFileSync } from 'node:fs';
import type { IndexedEvent } from '../collector/event-validation.js';
import { safeStringify } from '../http/safe-json.js';
import { matcher, type EventQuery } from './event-query.js';

/** An indexed event as the store keeps it: with its sequence number, counting from 1. */
export type StoredEvent = IndexedEvent & { seq: number };

/** Counters an inspecting test reads. */
export interface HecCounters {
  requests: number;
  eventsIndexed: number;
  /** Indexed, then let go of to keep the newest `maxEvents` in memory (still in the counts and the JSONL file). */
  eventsEvicted: number;
  /** Accepted with an ack that never turned true (the `ack-never` fault): never indexed. */
  eventsNeverIndexed: number;
  /** Lost to a restart before they were indexed (the `restart` fault). */
  eventsLostInRestart: number;
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
    eventsEvicted: 0,
    eventsNeverIndexed: 0,
    eventsLostInRestart: 0,
    byIndex: {},
    bySourcetype: {},
    responsesByCode: {},
    acksIssued: 0,
    ackQueries: 0,
    faultsInjected: {},
  };
}

export const bump = (record: Record<string, number>, key: string, by = 1) => {
  record[key] = (record[key] ?? 0) + by;
};

/** Told of every batch added (after it is stored) and of every reset. */
export interface StoreListener {
  added(batch: readonly StoredEvent[]): void;
  reset(): void;
  /** Kept events were taken back (lost in a restart). */
  removed?(count: number): void;
}

/**
 * Keeps indexed events in memory up to a cap, counting all, optionally appending to a JSONL
 * file, and tells its listeners (waiting requests, the live view) what arrived. With no
 * listener, adding costs nothing more than storing.
 */
export class EventStore {
  private events: StoredEvent[] = [];
  private nextSeq = 1;
  private readonly listeners = new Set<StoreListener>();
  counters: HecCounters = emptyCounters();

  constructor(
    private readonly maxEvents: number,
    private readonly jsonlPath?: string,
  ) {}

  add(batch: readonly IndexedEvent[]): void {
    if (batch.length === 0) return;
    const stored = batch as StoredEvent[];
    // Runs of the same index and sourcetype are counted once: batches are usually uniform.
    let runIndex = '';
    let runSourcetype = '';
    let run = 0;
    const flush = () => {
      if (run === 0) return;
      bump(this.counters.byIndex, runIndex, run);
      bump(this.counters.bySourcetype, runSourcetype, run);
    };
    for (const event of stored) {
      event.seq = this.nextSeq++;
      if (event.index !== runIndex || event.sourcetype !== runSourcetype) {
        flush();
        runIndex = event.index;
        runSourcetype = event.sourcetype;
        run = 0;
      }
      run++;
      this.events.push(event);
    }
    flush();
    this.evictOldest();
    this.counters.eventsIndexed += batch.length;
    if (this.jsonlPath !== undefined) {
      // Written synchronously: what a test reads after an answer is on disk, and nothing is
      // left to flush when the process is stopped.
      appendFileSync(this.jsonlPath, stored.map((e) => `${safeStringify(e)}\n`).join(''));
    }
    for (const listener of this.listeners) listener.added(stored);
  }

  /**
   * Keeps the newest `maxEvents`: what a test or a person looks at is what just arrived, also
   * after a flood. The oldest go in slices of a tenth of the cap, so adding stays amortised
   * O(1) and the store holds at most 10% more than the cap between slices.
   */
  private evictOldest(): void {
    const slack = Math.max(1, Math.floor(this.maxEvents / 10));
    if (this.events.length <= this.maxEvents + slack) return;
    const excess = this.events.length - this.maxEvents;
    this.events.splice(0, excess);
    this.counters.eventsEvicted += excess;
  }

  /** Matching events, oldest first, at most `limit`. */
  query(filter: EventQuery = {}): StoredEvent[] {
    const matches = matcher(filter);
    const limit = filter.limit ?? Number.POSITIVE_INFINITY;
    const found: StoredEvent[] = [];
    for (const e of this.events) {
      if (found.length >= limit) break;
      if (matches(e)) found.push(e);
    }
    return found;
  }

  /** How many kept events match, without copying them. */
  count(filter: EventQuery = {}): number {
    const matches = matcher(filter);
    let n = 0;
    for (const e of this.events) if (matches(e)) n++;
    return n;
  }

  /** The newest `n` kept events, oldest first. */
  newest(n: number): StoredEvent[] {
    return this.events.slice(Math.max(0, this.events.length - n));
  }

  /** The kept event with this sequence number (kept events are in sequence order). */
  bySeq(seq: number): StoredEvent | undefined {
    let low = 0;
    let high = this.events.length - 1;
    while (low <= high) {
      const mid = (low + high) >>> 1;
      const candidate = this.events[mid] as StoredEvent;
      if (candidate.seq === seq) return candidate;
      if (candidate.seq < seq) low = mid + 1;
      else high = mid - 1;
    }
    return undefined;
  }

  /**
   * Takes back the kept events `lost` says were never indexed (an indexer restart): they
   * leave the counts too. Returns how many.
   */
  removeLost(lost: (event: StoredEvent) => boolean): number {
    const kept: StoredEvent[] = [];
    let removed = 0;
    for (const e of this.events) {
      if (!lost(e)) {
        kept.push(e);
        continue;
      }
      removed++;
      bump(this.counters.byIndex, e.index, -1);
      bump(this.counters.bySourcetype, e.sourcetype, -1);
    }
    if (removed === 0) return 0;
    this.events = kept;
    this.counters.eventsIndexed -= removed;
    this.counters.eventsLostInRestart += removed;
    for (const listener of this.listeners) listener.removed?.(removed);
    return removed;
  }

  listen(listener: StoreListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  reset(): void {
    this.events = [];
    this.nextSeq = 1;
    this.counters = emptyCounters();
    for (const listener of this.listeners) listener.reset();
  }
}
