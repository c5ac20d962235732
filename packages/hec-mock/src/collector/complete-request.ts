import type { AuthenticatedRequest } from './collector.js';
import type { EventRun, StoredBatch } from '../store/event-store.js';
import { indexedEvent, type Envelope, type EventDefaults, type IndexedEvent } from './event-validation.js';
import { HEC, type HecStatus } from './hec-status.js';

/** Events handed to the store at a time: a million-event body never holds a million stored events at once. */
const STORE_SLICE = 10_000;

/** True when the request's events get an ackId: the token uses acks and the channel is good. */
export function usesAck({ token, channel, channelProblem }: AuthenticatedRequest): boolean {
  return token.ack === true && channel !== undefined && channelProblem === undefined;
}

/**
 * Where one data request's events go, as they are accepted, and how it is answered. The ackId
 * is issued up front (taken back if nothing gets indexed) so events are stored in slices as
 * HEC indexes them, one after another. As Splunk does, an error after a non-empty prefix still
 * carries the ackId that covers the prefix (measured for code 6 on Splunk Enterprise 10.4.3;
 * applied to every code that indexes a prefix), and an error at object 0 carries none. Faults
 * apply here: `no-ack-id` answers without one, `ack-never` issues one that never turns true and
 * indexes nothing, out-of-order acks are held back at random.
 */
export class EventSink {
  private slice: IndexedEvent[] = [];
  /** Events kept by where their text is, when nobody needs them built (see EventStore.wantsEvents). */
  private leanText: string | undefined;
  private starts: number[] = [];
  private ends: number[] = [];
  private runs: EventRun[] = [];
  private run: EventRun | undefined;
  private accepted = 0;
  private readonly ackId: number | undefined;
  private readonly batch: StoredBatch;

  /** `meta`: the defaults the request's events are read with (raw: their metadata). */
  constructor(
    private readonly request: AuthenticatedRequest,
    endpoint: IndexedEvent['endpoint'],
    meta: EventDefaults,
    receivedAt: number,
  ) {
    const { ctx, faults } = request.exchange;
    if (usesAck(request) && !faults.noAckId) {
      const settings = ctx.faults();
      let delay = settings.ackExtraDelayMs;
      if (settings.ackOutOfOrderProbability > 0 && ctx.random() < settings.ackOutOfOrderProbability) delay += ctx.random() * settings.ackOutOfOrderSpreadMs;
      if (faults.ackNever) delay = Number.POSITIVE_INFINITY;
      this.ackId = ctx.acks.issue(request.channel as string, delay);
    }
    this.batch = { endpoint, token: request.token.token, channel: request.channel, ackId: this.ackId, receivedAt, meta };
  }

  get count(): number {
    return this.accepted;
  }

  /**
   * One event, by its envelope and where the text it can be rebuilt from is (`text` from
   * `start` to `end`: its own JSON or raw line; `start` -1 when it has none). With a text and
   * nobody reading events as they arrive, no event object is built at all.
   */
  acceptEnvelope(envelope: Envelope, text: string, start: number, end: number): void {
    this.accepted++;
    if (start < 0 || this.request.exchange.ctx.store.wantsEvents) {
      this.flushLean();
      const event = indexedEvent(envelope, this.batch.endpoint, this.batch.token, this.batch.receivedAt, this.batch.channel);
      event.ackId = this.ackId;
      this.slice.push(event);
      if (this.slice.length >= STORE_SLICE) this.flushBuilt();
      return;
    }
    this.flushBuilt();
    this.leanText = text;
    this.starts.push(start);
    this.ends.push(end);
    const run = this.run;
    if (run !== undefined && run.index === envelope.index && run.sourcetype === envelope.sourcetype) run.count++;
    else {
      this.run = { index: envelope.index, sourcetype: envelope.sourcetype, count: 1 };
      this.runs.push(this.run);
    }
    if (this.starts.length >= STORE_SLICE) this.flushLean();
  }

  /** Answers the request: success, or `status` naming object `invalidEventNumber`. */
  finish(status: HecStatus = HEC.success, invalidEventNumber?: number): void {
    this.flushBuilt();
    this.flushLean();
    const { exchange, channel } = this.request;
    const { store, acks } = exchange.ctx;
    let ackId = this.ackId;
    if (ackId !== undefined && status !== HEC.success && this.accepted === 0) {
      acks.retract(channel as string, ackId);
      ackId = undefined;
    }
    if (ackId !== undefined) store.counters.acksIssued++;
    const extra: { invalidEventNumber?: number; ackId?: number } = {};
    if (invalidEventNumber !== undefined) extra.invalidEventNumber = invalidEventNumber;
    if (ackId !== undefined) extra.ackId = ackId;
    exchange.answer(status, extra);
  }

  // Events go to the store in arrival order: before one kind is added, the other is flushed.
  private flushBuilt(): void {
    if (this.slice.length === 0) return;
    const { store } = this.request.exchange.ctx;
    // An ack that never turns true stands for events that never reached an index.
    if (this.request.exchange.faults.ackNever) store.counters.eventsNeverIndexed += this.slice.length;
    else store.add(this.slice);
    this.slice = [];
  }

  private flushLean(): void {
    const count = this.starts.length;
    if (count === 0) return;
    const { store } = this.request.exchange.ctx;
    if (this.request.exchange.faults.ackNever) store.counters.eventsNeverIndexed += count;
    else store.addLean(this.leanText as string, this.starts, this.ends, this.runs, this.batch);
    this.starts = [];
    this.ends = [];
    this.runs = [];
    this.run = undefined;
  }
}
