/** Limits and timing of indexer acknowledgement, named after Splunk's inputs.conf settings. */
export interface AckOptions {
  /** How long after acceptance an ack turns true. */
  indexingDelayMs: number;
  /** max_number_of_acked_requests_pending_query_per_ack_channel: past it, server busy. */
  maxPendingAcksPerChannel: number;
  /** max_number_of_ack_channel: a new channel past it gets server busy. */
  maxChannels: number;
  /** A channel unused this long is dropped with its ack states (Splunk's default is 600 s). */
  channelIdleTimeoutMs: number;
}

export const DEFAULT_ACK_OPTIONS: AckOptions = {
  indexingDelayMs: 50,
  maxPendingAcksPerChannel: 1_000_000,
  maxChannels: 1_000_000,
  channelIdleTimeoutMs: 600_000,
};

export type AckState = 'pending' | 'indexed' | 'acknowledged' | 'never' | 'unknown';

/** One channel as the inspection API shows it. */
export interface ChannelSummary {
  channel: string;
  acksIssued: number;
  /** Acks not yet true. */
  pending: number;
  /** Acks true but not yet returned by a query. */
  indexedNotQueried: number;
  lastUsed: number;
}

interface Channel {
  nextAckId: number;
  /** ackId -> epoch ms at which it turns true (Infinity: never). */
  pending: Map<number, number>;
  lastUsed: number;
}

/**
 * Ack ids per channel, counting from 0. An ack is true once its indexing time has passed;
 * once a query has returned it true it is forgotten (later queries answer false), and an
 * idle channel is dropped with everything in it.
 */
export class AckTracker {
  private readonly byId = new Map<string, Channel>();

  constructor(
    private options: AckOptions,
    private readonly now: () => number = Date.now,
  ) {}

  configure(options: Partial<AckOptions>): void {
    this.options = { ...this.options, ...options };
  }

  private lastSweep = 0;

  /**
   * Drops idle channels. A full sweep runs at most every quarter of the idle timeout (and at
   * most once a second), so a request costs O(1) however many channels there are; the
   * channel a request touches is checked exactly by `channel()`.
   */
  private expireIdle(): void {
    const now = this.now();
    if (now - this.lastSweep < Math.min(1000, this.options.channelIdleTimeoutMs / 4)) return;
    this.lastSweep = now;
    const cutoff = now - this.options.channelIdleTimeoutMs;
    for (const [id, channel] of this.byId) if (channel.lastUsed < cutoff) this.byId.delete(id);
  }

  /** The live channel with this id; an idle one is dropped with its ack states. */
  private channel(channelId: string): Channel | undefined {
    const channel = this.byId.get(channelId);
    if (channel && channel.lastUsed < this.now() - this.options.channelIdleTimeoutMs) {
      this.byId.delete(channelId);
      return undefined;
    }
    return channel;
  }

  /** Whether a request on this channel can be accepted now, or the server is busy. */
  canAccept(channelId: string): boolean {
    this.expireIdle();
    const channel = this.channel(channelId);
    if (!channel) return this.byId.size < this.options.maxChannels;
    return channel.pending.size < this.options.maxPendingAcksPerChannel;
  }

  /** Issues the next ack id of a channel; `extraDelayMs` lets fault injection make it late (Infinity: never). */
  issue(channelId: string, extraDelayMs = 0): number {
    const now = this.now();
    let channel = this.channel(channelId);
    if (!channel) {
      channel = { nextAckId: 0, pending: new Map(), lastUsed: now };
      this.byId.set(channelId, channel);
    }
    channel.lastUsed = now;
    const ackId = channel.nextAckId++;
    channel.pending.set(ackId, now + this.options.indexingDelayMs + extraDelayMs);
    return ackId;
  }

  /**
   * Takes back the ack id just issued on a channel, when its request ended with nothing
   * indexed (an error at object 0 answers no ackId). Exact because a request is processed
   * synchronously between issue and retract: no other id can have been issued in between.
   */
  retract(channelId: string, ackId: number): void {
    const channel = this.byId.get(channelId);
    if (!channel || channel.nextAckId !== ackId + 1) return;
    channel.nextAckId--;
    channel.pending.delete(ackId);
    if (channel.nextAckId === 0) this.byId.delete(channelId);
  }

  /** Answers an ack query: true for ids indexed by now (then forgotten), false otherwise. */
  query(channelId: string, ackIds: readonly number[]): Record<string, boolean> {
    this.expireIdle();
    const now = this.now();
    const channel = this.channel(channelId);
    const answer: Record<string, boolean> = {};
    if (channel) channel.lastUsed = now;
    for (const id of ackIds) {
      const readyAt = channel?.pending.get(id);
      const done = readyAt !== undefined && readyAt <= now;
      answer[String(id)] = done;
      if (done) channel!.pending.delete(id);
    }
    return answer;
  }

  /**
   * Where one request's ack stands, for inspection: `pending` (not indexed yet), `indexed`
   * (true, not yet queried), `acknowledged` (a query returned it true), `never` (a fault keeps
   * it false), `unknown` (no such ack, or its channel expired).
   */
  state(channelId: string, ackId: number): AckState {
    const channel = this.channel(channelId);
    if (!channel || ackId >= channel.nextAckId) return 'unknown';
    const readyAt = channel.pending.get(ackId);
    if (readyAt === undefined) return 'acknowledged';
    if (readyAt === Number.POSITIVE_INFINITY) return 'never';
    return readyAt <= this.now() ? 'indexed' : 'pending';
  }

  /** The live channels, most recently used first, at most `limit`. */
  channels(limit: number): ChannelSummary[] {
    const now = this.now();
    const list: ChannelSummary[] = [];
    for (const [id, channel] of this.byId) {
      let ready = 0;
      for (const readyAt of channel.pending.values()) if (readyAt <= now) ready++;
      list.push({ channel: id, acksIssued: channel.nextAckId, pending: channel.pending.size - ready, indexedNotQueried: ready, lastUsed: channel.lastUsed });
    }
    return list.sort((a, b) => b.lastUsed - a.lastUsed).slice(0, limit);
  }

  get channelCount(): number {
    return this.byId.size;
  }

  reset(): void {
    this.byId.clear();
    this.lastSweep = 0;
  }
}
