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

/** Events known only by where their texts are in one body, with what the counts need. */
export interface LeanEvents {
  starts: number[];
  ends: number[];
  indexes: string[];
  sourcetypes: string[];
}

/**
 * Keeps indexed events in memory up to a cap, counting all, optionally appending to a JSONL
 * file, and tells its listeners (waiting requests, the live view) what arrived. With no
 * listener, adding costs nothing more than storing.
 *
 * An event is kept as where its text is (its JSON line, or its raw line) in its request's body,
 * beside a pointer to what the request shared, and rebuilt when it is read: no object per
 * event at all. Measured: keeping a built object per event (the object, its strings) cost
 * about 40% of the mock's rate at 1000 events per request, all of it in the garbage
 * collector's old generation; keeping one string per event still cost 7%. Events without a
 * text of their own (an element of a JSON array) are kept built.
 */
export class EventStore {
  /**
   * Parallel arrays, oldest first, from `head` on: no object per event beyond its text.
   * Evicted positions before `head` are cleared at once and the arrays compacted only when
   * `head` has passed the cap, so eviction moves each kept position once per cap's worth of
   * events.
   */
  private entries: Array<string | StoredEvent | undefined> = [];
  private starts: number[] = [];
  private ends: number[] = [];
  private batches: Array<StoredBatch | undefined> = [];
  private seqs: number[] = [];
  private head = 0;
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
    return this.entries.length - this.head;
  }

  /**
   * Stores a request's events known only by where their texts are in `text` (what
   * `wantsEvents` allows when it is false), with each one's index and sourcetype for the counts.
   */
  addLean(text: string, events: LeanEvents, batch: StoredBatch): void {
    const n = events.starts.length;
    if (n === 0) return;
    let runIndex = '';
    let runSourcetype = '';
    let run = 0;
    for (let i = 0; i < n; i++) {
      const index = events.indexes[i] as string;
      const sourcetype = events.sourcetypes[i] as string;
      if (index !== runIndex || sourcetype !== runSourcetype) {
        if (run > 0) this.countRun(runIndex, runSourcetype, run);
        runIndex = index;
        runSourcetype = sourcetype;
        run = 0;
      }
      run++;
      this.entries.push(text);
      this.starts.push(events.starts[i] as number);
      this.ends.push(events.ends[i] as number);
      this.batches.push(batch);
      this.seqs.push(this.nextSeq++);
    }
    this.countRun(runIndex, runSourcetype, run);
    this.counters.eventsIndexed += n;
    this.evictOldest();
  }

  private countRun(index: string, sourcetype: string, run: number): void {
    bump(this.counters.byIndex, index, run);
    bump(this.counters.bySourcetype, sourcetype, run);
  }

  /**
   * Stores a request's events, in order. `spans[i]`, when given with `batch`, is where the text
   * event `i` is rebuilt from is; otherwise the event is kept as it is.
   */
  add(events: readonly IndexedEvent[], spans?: readonly TextSpan[], batch?: StoredBatch): void {
    if (events.length === 0) return;
    const stored = events as StoredEvent[];
    // Runs of the same index and sourcetype are counted once: batches are usually uniform.
    let runIndex = '';
    let runSourcetype = '';
    let run = 0;
    for (let i = 0; i < stored.length; i++) {
      const event = stored[i] as StoredEvent;
      event.seq = this.nextSeq++;
      if (event.index !== runIndex || event.sourcetype !== runSourcetype) {
        if (run > 0) this.countRun(runIndex, runSourcetype, run);
        runIndex = event.index;
        runSourcetype = event.sourcetype;
        run = 0;
      }
      run++;
      const span = batch === undefined ? undefined : spans?.[i];
      this.entries.push(span === undefined ? event : span.text);
      this.starts.push(span === undefined ? -1 : span.start);
      this.ends.push(span === undefined ? -1 : span.end);
      this.batches.push(span === undefined ? undefined : batch);
      this.seqs.push(event.seq);
    }
    this.countRun(runIndex, runSourcetype, run);
    this.evictOldest();
    this.counters.eventsIndexed += events.length;
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
    if (this.size <= this.maxEvents + slack) return;
    const until = this.entries.length - this.maxEvents;
    this.counters.eventsEvicted += until - this.head;
    // Let go of the evicted texts now; move the kept ones down only once the dead part is large.
    this.entries.fill(undefined, this.head, until);
    this.batches.fill(undefined, this.head, until);
    this.head = until;
    if (this.head >= this.maxEvents) this.compact();
  }

  private compact(): void {
    this.entries.splice(0, this.head);
    this.starts.splice(0, this.head);
    this.ends.splice(0, this.head);
    this.batches.splice(0, this.head);
    this.seqs.splice(0, this.head);
    this.head = 0;
  }

  /** The kept event at position `i`, rebuilt from its text when it was kept as text. */
  private at(i: number): StoredEvent {
    const body = this.entries[i] as string | StoredEvent;
    if (typeof body !== 'string') return body;
    const entry = body.slice(this.starts[i], this.ends[i]);
    const batch = this.batches[i] as StoredBatch;
    const meta = batch.meta;
    let event: IndexedEvent;
    if (batch.endpoint === 'raw') {
      event = indexedEvent({ time: meta.time, host: meta.host, source: meta.source, sourcetype: meta.sourcetype, index: meta.index, event: entry }, 'raw', batch.token, batch.receivedAt, batch.channel);
    } else {
      // It passed these checks when it arrived; the same checks rebuild the same event.
      const check = checkEvent(JSON.parse(entry), meta, () => true);
      if (check.kind !== 'event') throw new Error(`stored event ${this.seqs[i]} no longer reads as an event`);
      event = indexedEvent(check.event, 'event', batch.token, batch.receivedAt, batch.channel);
    }
    event.ackId = batch.ackId;
    const stored = event as StoredEvent;
    stored.seq = this.seqs[i] as number;
    return stored;
  }

  /** Matching events, oldest first, at most `limit`. */
  query(filter: EventQuery = {}): StoredEvent[] {
    const matches = matcher(filter);
    const limit = filter.limit ?? Number.POSITIVE_INFINITY;
    const found: StoredEvent[] = [];
    // `after` skips what cannot match without rebuilding it.
    let i = filter.after === undefined ? this.head : this.positionAfter(filter.after);
    for (; i < this.entries.length && found.length < limit; i++) {
      const e = this.at(i);
      if (matches(e)) found.push(e);
    }
    return found;
  }

  /** How many kept events match. */
  count(filter: EventQuery = {}): number {
    const matches = matcher(filter);
    let n = 0;
    for (let i = this.head; i < this.entries.length; i++) if (matches(this.at(i))) n++;
    return n;
  }

  /** The newest `n` kept events, oldest first. */
  newest(n: number): StoredEvent[] {
    const events: StoredEvent[] = [];
    for (let i = Math.max(this.head, this.entries.length - n); i < this.entries.length; i++) events.push(this.at(i));
    return events;
  }

  /** The kept event with this sequence number (kept events are in sequence order). */
  bySeq(seq: number): StoredEvent | undefined {
    const i = this.positionAfter(seq - 1);
    return this.seqs[i] === seq ? this.at(i) : undefined;
  }

  /** The position of the first kept event with a sequence number above `seq`. */
  private positionAfter(seq: number): number {
    let low = this.head;
    let high = this.seqs.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((this.seqs[mid] as number) <= seq) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  /**
   * Takes back the kept events `lost` says were never indexed (an indexer restart): they
   * leave the counts too. Returns how many.
   */
  removeLost(lost: (event: StoredEvent) => boolean): number {
    this.compact();
    let removed = 0;
    let kept = 0;
    for (let i = 0; i < this.entries.length; i++) {
      const event = this.at(i);
      if (lost(event)) {
        removed++;
        bump(this.counters.byIndex, event.index, -1);
        bump(this.counters.bySourcetype, event.sourcetype, -1);
        continue;
      }
      this.entries[kept] = this.entries[i] as string | StoredEvent;
      this.starts[kept] = this.starts[i] as number;
      this.ends[kept] = this.ends[i] as number;
      this.batches[kept] = this.batches[i];
      this.seqs[kept] = this.seqs[i] as number;
      kept++;
    }
    if (removed === 0) return 0;
    this.entries.length = kept;
    this.starts.length = kept;
    this.ends.length = kept;
    this.batches.length = kept;
    this.seqs.length = kept;
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
    this.entries = [];
    this.starts = [];
    this.ends = [];
    this.batches = [];
    this.seqs = [];
    this.head = 0;
    this.nextSeq = 1;
    this.counters = emptyCounters();
    for (const listener of this.listeners) listener.reset();
  }
}
