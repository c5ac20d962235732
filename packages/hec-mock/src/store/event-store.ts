import { appendFileSync } from 'node:fs';
import { checkEvent, indexedEvent, type EventDefaults, type IndexedEvent } from '../collector/event-validation.js';
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

/** What one request's events share, and how to rebuild each from its text. */
export interface StoredBatch {
  endpoint: IndexedEvent['endpoint'];
  token: string;
  channel: string | undefined;
  ackId: number | undefined;
  receivedAt: number;
  /** /event: the defaults its objects were read with; /raw: every event's metadata. */
  meta: EventDefaults;
}

/** Where an event's own text is: `text` from `start` to `end`; undefined when it has none. */
export type TextSpan = { text: string; start: number; end: number } | undefined;

/**
 * Events of one request, in order, kept as one piece: either where their texts are in the
 * request's body (`text`, `starts`, `ends`), or built (`events`).
 */
interface Chunk {
  firstSeq: number;
  count: number;
  /** Leading events already evicted. */
  skip: number;
  batch: StoredBatch | undefined;
  text: string | undefined;
  starts: number[] | undefined;
  ends: number[] | undefined;
  events: StoredEvent[] | undefined;
}

/**
 * Keeps indexed events in memory up to a cap, counting all, optionally appending to a JSONL
 * file, and tells its listeners (waiting requests, the live view) what arrived. With no
 * listener, adding costs nothing more than storing.
 *
 * A request's events are kept as one chunk: where their texts are in the request's body (its
 * JSON or raw lines), beside a pointer to what the request shared, rebuilt when read; no
 * object per event at all. Measured at 1000 events per request: keeping a built object per
 * event (the object, its strings) cost about 40% of the mock's rate, all of it in the garbage
 * collector's old generation; one string per event still cost 7%. Events without a text of
 * their own (elements of a JSON array), and every event while a listener or the JSONL file
 * reads them as they arrive, are kept built.
 */
export class EventStore {
  private chunks: Chunk[] = [];
  private kept = 0;
  private nextSeq = 1;
  private readonly listeners = new Set<StoreListener>();
  counters: HecCounters = emptyCounters();

  constructor(
    private readonly maxEvents: number,
    private readonly jsonlPath?: string,
  ) {}

  /** True when events must be built as they are added: a listener or the JSONL file reads them. */
  get wantsEvents(): boolean {
    return this.listeners.size > 0 || this.jsonlPath !== undefined;
  }

  /** Events kept now. */
  get size(): number {
    return this.kept;
  }

  /**
   * Stores events known only by where their texts are in one body (what `wantsEvents` allows
   * when it is false). `runs` gives their indexes and sourcetypes for the counts, as runs.
   */
  addLean(text: string, starts: number[], ends: number[], runs: readonly EventRun[], batch: StoredBatch): void {
    const count = starts.length;
    if (count === 0) return;
    this.chunks.push({ firstSeq: this.nextSeq, count, skip: 0, batch, text, starts, ends, events: undefined });
    this.nextSeq += count;
    this.kept += count;
    for (const run of runs) this.countRun(run.index, run.sourcetype, run.count);
    this.counters.eventsIndexed += count;
    this.evictOldest();
  }

  private countRun(index: string, sourcetype: string, run: number): void {
    bump(this.counters.byIndex, index, run);
    bump(this.counters.bySourcetype, sourcetype, run);
  }

  /** Stores built events, in order. */
  add(events: readonly IndexedEvent[]): void {
    if (events.length === 0) return;
    const stored = events as StoredEvent[];
    const firstSeq = this.nextSeq;
    let runIndex = '';
    let runSourcetype = '';
    let run = 0;
    for (const event of stored) {
      event.seq = this.nextSeq++;
      if (event.index !== runIndex || event.sourcetype !== runSourcetype) {
        if (run > 0) this.countRun(runIndex, runSourcetype, run);
        runIndex = event.index;
        runSourcetype = event.sourcetype;
        run = 0;
      }
      run++;
    }
    this.countRun(runIndex, runSourcetype, run);
    this.chunks.push({ firstSeq, count: stored.length, skip: 0, batch: undefined, text: undefined, starts: undefined, ends: undefined, events: stored.slice() });
    this.kept += stored.length;
    this.counters.eventsIndexed += stored.length;
    this.evictOldest();
    if (this.jsonlPath !== undefined) {
      // Written synchronously: what a test reads after an answer is on disk, and nothing is
      // left to flush when the process is stopped.
      appendFileSync(this.jsonlPath, stored.map((e) => `${safeStringify(e)}\n`).join(''));
    }
    for (const listener of this.listeners) listener.added(stored);
  }

  /**
   * Keeps the newest `maxEvents`: what a test or a person looks at is what just arrived, also
   * after a flood. Eviction waits for a slack of a tenth of the cap, then drops whole chunks
   * (and skips into the oldest kept one), so it costs nothing per event.
   */
  private evictOldest(): void {
    const slack = Math.max(1, Math.floor(this.maxEvents / 10));
    if (this.kept <= this.maxEvents + slack) return;
    let excess = this.kept - this.maxEvents;
    this.counters.eventsEvicted += excess;
    this.kept -= excess;
    let drop = 0;
    while (excess > 0) {
      const chunk = this.chunks[drop] as Chunk;
      const left = chunk.count - chunk.skip;
      if (left <= excess) {
        excess -= left;
        drop++;
      } else {
        chunk.skip += excess;
        excess = 0;
      }
    }
    if (drop > 0) this.chunks.splice(0, drop);
  }

  /** Event `i` of a chunk, rebuilt from its text when it was kept as text. */
  private at(chunk: Chunk, i: number): StoredEvent {
    if (chunk.events) return chunk.events[i] as StoredEvent;
    const batch = chunk.batch as StoredBatch;
    const entry = (chunk.text as string).slice((chunk.starts as number[])[i], (chunk.ends as number[])[i]);
    const meta = batch.meta;
    let event: IndexedEvent;
    if (batch.endpoint === 'raw') {
      event = indexedEvent({ time: meta.time, host: meta.host, source: meta.source, sourcetype: meta.sourcetype, index: meta.index, event: entry }, 'raw', batch.token, batch.receivedAt, batch.channel);
    } else {
      // It passed these checks when it arrived; the same checks rebuild the same event.
      const check = checkEvent(JSON.parse(entry), meta, () => true);
      if (check.kind !== 'event') throw new Error(`stored event ${chunk.firstSeq + i} no longer reads as an event`);
      event = indexedEvent(check.event, 'event', batch.token, batch.receivedAt, batch.channel);
    }
    event.ackId = batch.ackId;
    const stored = event as StoredEvent;
    stored.seq = chunk.firstSeq + i;
    return stored;
  }

  /** Calls `visit` with every kept event from sequence number `after` on, oldest first, until it returns false. */
  private each(visit: (event: StoredEvent) => boolean, after = 0): void {
    for (const chunk of this.chunks) {
      if (chunk.firstSeq + chunk.count - 1 <= after) continue;
      for (let i = Math.max(chunk.skip, after - chunk.firstSeq + 1); i < chunk.count; i++) if (!visit(this.at(chunk, i))) return;
    }
  }

  /** Matching events, oldest first, at most `limit`. */
  query(filter: EventQuery = {}): StoredEvent[] {
    const matches = matcher(filter);
    const limit = filter.limit ?? Number.POSITIVE_INFINITY;
    const found: StoredEvent[] = [];
    if (limit <= 0) return found;
    this.each((e) => {
      if (matches(e)) found.push(e);
      return found.length < limit;
    }, filter.after ?? 0);
    return found;
  }

  /** How many kept events match. */
  count(filter: EventQuery = {}): number {
    const matches = matcher(filter);
    let n = 0;
    this.each((e) => {
      if (matches(e)) n++;
      return true;
    });
    return n;
  }

  /** The newest `n` kept events, oldest first. */
  newest(n: number): StoredEvent[] {
    const events: StoredEvent[] = [];
    if (n <= 0 || this.kept === 0) return events;
    // The sequence number before the n-th newest kept event.
    let remaining = n;
    let after = 0;
    for (let c = this.chunks.length - 1; c >= 0; c--) {
      const chunk = this.chunks[c] as Chunk;
      const left = chunk.count - chunk.skip;
      if (left >= remaining) {
        after = chunk.firstSeq + chunk.count - 1 - remaining;
        break;
      }
      remaining -= left;
    }
    this.each((e) => {
      events.push(e);
      return true;
    }, after);
    return events;
  }

  /** The kept event with this sequence number. */
  bySeq(seq: number): StoredEvent | undefined {
    let low = 0;
    let high = this.chunks.length - 1;
    while (low <= high) {
      const mid = (low + high) >>> 1;
      const chunk = this.chunks[mid] as Chunk;
      if (seq < chunk.firstSeq + chunk.skip) high = mid - 1;
      else if (seq >= chunk.firstSeq + chunk.count) low = mid + 1;
      else return this.at(chunk, seq - chunk.firstSeq);
    }
    return undefined;
  }

  /**
   * Takes back the kept events `lost` says were never indexed (an indexer restart): they
   * leave the counts too. Returns how many. Rare, so it rebuilds what it keeps.
   */
  removeLost(lost: (event: StoredEvent) => boolean): number {
    const keep: StoredEvent[] = [];
    let removed = 0;
    this.each((event) => {
      if (lost(event)) {
        removed++;
        bump(this.counters.byIndex, event.index, -1);
        bump(this.counters.bySourcetype, event.sourcetype, -1);
      } else keep.push(event);
      return true;
    });
    if (removed === 0) return 0;
    // Kept events keep their sequence numbers: one built chunk per kept event run is enough.
    this.chunks = keep.map((event) => ({ firstSeq: event.seq, count: 1, skip: 0, batch: undefined, text: undefined, starts: undefined, ends: undefined, events: [event] }));
    this.kept = keep.length;
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
    this.chunks = [];
    this.kept = 0;
    this.nextSeq = 1;
    this.counters = emptyCounters();
    for (const listener of this.listeners) listener.reset();
  }
}

/** A run of events with the same index and sourcetype, for the counts. */
export interface EventRun {
  index: string;
  sourcetype: string;
  count: number;
}
