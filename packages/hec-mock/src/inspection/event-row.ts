import type { AckState } from '../acks/ack-tracker.js';
import { eventText } from '../store/event-query.js';
import type { StoredEvent } from '../store/event-store.js';

/** Characters of an event's text the live list shows; the detail pane has the whole event. */
export const PREVIEW_CHARS = 240;

/** One line of the live list: an event's metadata and the start of its text. */
export interface EventRow {
  seq: number;
  time: number;
  receivedAt: number;
  index: string;
  sourcetype: string;
  source: string;
  host: string;
  channel: string | null;
  ackId: number | null;
  endpoint: 'event' | 'raw';
  preview: string;
}

export function eventRow(e: StoredEvent): EventRow {
  const text = eventText(e);
  return {
    seq: e.seq,
    time: e.time,
    receivedAt: e.receivedAt,
    index: e.index,
    sourcetype: e.sourcetype,
    source: e.source,
    host: e.host,
    channel: e.channel ?? null,
    ackId: e.ackId ?? null,
    endpoint: e.endpoint,
    preview: text.length > PREVIEW_CHARS ? `${text.slice(0, PREVIEW_CHARS)}…` : text,
  };
}

/** One event in full, as the detail pane shows it. */
export interface EventDetail {
  event: StoredEvent;
  ackState: AckState | 'no ack';
}
