import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AckTracker, ChannelSummary } from '../acks/ack-tracker.js';
import type { FaultOptions } from '../chaos/faults.js';
import type { EventStore, HecCounters, StoredEvent, StoreListener } from '../store/event-store.js';
import { safeStringify } from '../http/safe-json.js';
import { eventRow } from './event-row.js';

/** The newest events the live view holds; older ones stay inspectable through the API. */
export const LIVE_VIEW_MAX_EVENTS = 2000;
/** How often new events go out to the open pages, batched. */
const FLUSH_MS = 250;
/** How often counts and channels go out while the page is open. */
const STATS_MS = 1000;
/** A comment line that keeps proxies from closing an idle stream. */
const KEEPALIVE_MS = 15_000;
/** Channels the panel lists, most recently used first. */
export const LIVE_VIEW_MAX_CHANNELS = 50;

export interface LiveStats {
  counters: HecCounters;
  channelCount: number;
  channels: ChannelSummary[];
}

/**
 * Server-Sent Events for the web view at /__mock/ui. While a page is open the stream listens
 * to the store, keeps only references to the newest batches, and sends the newest events at
 * most every 250 ms, so ingest pays one array push per request; with no page open it does
 * not listen at all.
 */
export class LiveStream implements StoreListener {
  private readonly clients = new Set<ServerResponse>();
  private pending: Array<readonly StoredEvent[]> = [];
  private pendingCount = 0;
  private unlisten: (() => void) | undefined;
  private timers: NodeJS.Timeout[] = [];
  private lastRequests = -1;

  constructor(
    private readonly store: EventStore,
    private readonly acks: AckTracker,
    private readonly faults: () => FaultOptions,
  ) {}

  /** Opens a stream: the snapshot first, then live updates until the page goes away. */
  attach(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=UTF-8', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
    res.write('retry: 1000\n\n');
    this.send(res, 'snapshot', { events: this.store.newest(LIVE_VIEW_MAX_EVENTS).map(eventRow), stats: this.stats(), faults: this.faults() });
    this.clients.add(res);
    req.on('close', () => this.detach(res));
    if (this.clients.size === 1) this.start();
  }

  added(batch: readonly StoredEvent[]): void {
    this.pending.push(batch);
    this.pendingCount += batch.length;
    // Keep references to no more than the view can show.
    while (this.pending.length > 1 && this.pendingCount - (this.pending[0]?.length ?? 0) >= LIVE_VIEW_MAX_EVENTS) {
      this.pendingCount -= this.pending.shift()!.length;
    }
  }

  reset(): void {
    this.pending = [];
    this.pendingCount = 0;
    this.broadcast('reset', { stats: this.stats() });
  }

  removed(): void {
    // Rare (a restart): every open page starts again from the store as it is.
    this.pending = [];
    this.pendingCount = 0;
    for (const res of this.clients) this.send(res, 'snapshot', { events: this.store.newest(LIVE_VIEW_MAX_EVENTS).map(eventRow), stats: this.stats(), faults: this.faults() });
  }

  faultsChanged(): void {
    this.broadcast('faults', this.faults());
  }

  /** Ends every open stream (the server is stopping). */
  close(): void {
    for (const res of this.clients) res.end();
    this.clients.clear();
    this.stop();
  }

  get openStreams(): number {
    return this.clients.size;
  }

  private stats(): LiveStats {
    return { counters: this.store.counters, channelCount: this.acks.channelCount, channels: this.acks.channels(LIVE_VIEW_MAX_CHANNELS) };
  }

  private flushEvents(): void {
    if (this.pendingCount === 0) return;
    const rows = this.pending.flat().slice(-LIVE_VIEW_MAX_EVENTS).map(eventRow);
    this.pending = [];
    this.pendingCount = 0;
    // The counters ride along: the page's totals move with its list.
    this.broadcast('events', { rows, counters: this.store.counters });
  }

  private flushStats(): void {
    if (this.store.counters.requests === this.lastRequests) return;
    this.lastRequests = this.store.counters.requests;
    this.broadcast('stats', this.stats());
  }

  private start(): void {
    this.unlisten = this.store.listen(this);
    this.lastRequests = this.store.counters.requests;
    this.timers = [
      setInterval(() => this.flushEvents(), FLUSH_MS),
      setInterval(() => this.flushStats(), STATS_MS),
      setInterval(() => this.broadcastRaw(': keep-alive\n\n'), KEEPALIVE_MS),
    ];
    for (const timer of this.timers) timer.unref();
  }

  private stop(): void {
    this.unlisten?.();
    this.unlisten = undefined;
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
    this.pending = [];
    this.pendingCount = 0;
  }

  private detach(res: ServerResponse): void {
    if (!this.clients.delete(res)) return;
    if (this.clients.size === 0) this.stop();
  }

  private send(res: ServerResponse, event: string, data: unknown): void {
    res.write(`event: ${event}\ndata: ${safeStringify(data)}\n\n`);
  }

  private broadcast(event: string, data: unknown): void {
    if (this.clients.size === 0) return;
    this.broadcastRaw(`event: ${event}\ndata: ${safeStringify(data)}\n\n`);
  }

  private broadcastRaw(text: string): void {
    for (const res of this.clients) res.write(text);
  }
}
