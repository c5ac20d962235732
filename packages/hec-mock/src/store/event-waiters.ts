import { matcher, type EventQuery } from './event-query.js';
import type { EventStore, StoredEvent, StoreListener } from './event-store.js';

/** What a wait answers: the matching events, and whether the time ran out first. */
export interface WaitResult {
  count: number;
  events: StoredEvent[];
  timedOut: boolean;
}

interface Waiter {
  query: EventQuery;
  matches: (e: StoredEvent) => boolean;
  min: number;
  seen: number;
  done: (timedOut: boolean) => void;
}

/**
 * Answers "at least `min` events matching this query, or when `waitMs` has passed" without
 * polling: every added batch is checked against the waiting queries only, and only while a
 * query waits, so ingest pays nothing when nobody waits.
 */
export class EventWaiters implements StoreListener {
  private readonly waiters = new Set<Waiter>();
  private unlisten: (() => void) | undefined;

  constructor(private readonly store: EventStore) {}

  wait(query: EventQuery, min: number, waitMs: number, signal?: AbortSignal): Promise<WaitResult> {
    const answer = (timedOut: boolean): WaitResult => {
      const events = this.store.query(query);
      return { count: events.length, events, timedOut: timedOut && events.length < min };
    };
    const seen = this.store.count({ ...query, limit: undefined });
    if (seen >= min || waitMs <= 0) return Promise.resolve(answer(seen < min));
    return new Promise((resolve) => {
      const waiter: Waiter = {
        query,
        matches: matcher(query),
        min,
        seen,
        done: (timedOut) => {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          if (this.waiters.size === 0) this.stopListening();
          resolve(answer(timedOut));
        },
      };
      const timer = setTimeout(() => waiter.done(true), waitMs);
      signal?.addEventListener('abort', () => waiter.done(true), { once: true });
      this.waiters.add(waiter);
      this.unlisten ??= this.store.listen(this);
    });
  }

  added(batch: readonly StoredEvent[]): void {
    for (const waiter of [...this.waiters]) {
      for (const e of batch) if (waiter.matches(e)) waiter.seen++;
      if (waiter.seen >= waiter.min) waiter.done(false);
    }
  }

  reset(): void {
    for (const waiter of this.waiters) waiter.seen = 0;
  }

  /** Answers every waiting request now (the server is stopping). */
  releaseAll(): void {
    for (const waiter of [...this.waiters]) waiter.done(true);
  }

  private stopListening(): void {
    this.unlisten?.();
    this.unlisten = undefined;
  }
}
