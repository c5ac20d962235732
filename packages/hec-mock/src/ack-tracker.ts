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
  private readonly channels = new Map<string, Channel>();

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
    for (const [id, channel] of this.channels) if (channel.lastUsed < cutoff) this.channels.delete(id);
  }

  /** The live channel with this id; an idle one is dropped with its ack states. */
  private channel(channelId: string): Channel | undefined {
    const channel = this.channels.get(channelId);
    if (channel && channel.lastUsed < this.now() - this.options.channelIdleTimeoutMs) {
      this.channels.delete(channelId);
      return undefined;
    }
    return channel;
  }

  /** Whether a request on this channel can be accepted now, or the server is busy. */
  canAccept(channelId: string): boolean {
    this.expireIdle();
    const channel = this.channel(channelId);
    if (!channel) return this.channels.size < this.options.maxChannels;
    return channel.pending.size < this.options.maxPendingAcksPerChannel;
  }

  /** Issues the next ack id of a channel; `extraDelayMs` lets fault injection make it late (Infinity: never). */
  issue(channelId: string, extraDelayMs = 0): number {
    const now = this.now();
    let channel = this.channel(channelId);
    if (!channel) {
      channel = { nextAckId: 0, pending: new Map(), lastUsed: now };
      this.channels.set(channelId, channel);
    }
    channel.lastUsed = now;
    const ackId = channel.nextAckId++;
    channel.pending.set(ackId, now + this.options.indexingDelayMs + extraDelayMs);
    return ackId;
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

  get channelCount(): number {
    return this.channels.size;
  }

  reset(): void {
    this.channels.clear();
    this.lastSweep = 0;
  }
}
