import { isUtf8 } from 'node:buffer';
import type { TransformConfig } from './config.js';
import { toPayload } from './decode-record.js';
import type { FormatResult, PayloadFormatter } from './format-payload.js';
import { filterIsActive, keepFlowLogLine, splitFlowLogLine } from './vpc-flow-log.js';

/** Formats a decompressed payload without parsing its events, or says "use the general path". */
export type FastFormatter = (decompressed: Buffer, region: string) => FormatResult | undefined;

const CONTROL_CHARACTER = /[\x00-\x1f]/;
// Escapes exactly as JSON.stringify writes them: a slice made only of these copies verbatim.
const CANONICAL_ESCAPED = /^(?:[^\\]|\\["\\bfnrt]|\\u00(?:0[0-7bef]|1[0-9a-f]))*$/;
const EVENT_OPEN = '{"id":"';
const AFTER_ID = '","timestamp":';
const AFTER_TIMESTAMP = ',"message":"';
const LOG_EVENTS = '"logEvents":[';

/** The UTF-8 bytes of a JS string, as a latin1 string (one char per byte). */
function utf8AsLatin1(text: string): string {
  return Buffer.from(text, 'utf8').toString('latin1');
}

/** A latin1 slice of UTF-8 bytes back to the JS string it encodes. */
function latin1AsUtf8(bytes: string): string {
  return Buffer.from(bytes, 'latin1').toString('utf8');
}

/** Index of the quote closing a JSON string whose content starts at `from`: a quote after an even run of backslashes. */
function closingQuote(s: string, from: number): number {
  let q = s.indexOf('"', from);
  while (q !== -1) {
    let backslashes = 0;
    for (let i = q - 1; i >= from && s.charCodeAt(i) === 92; i--) backslashes++;
    if ((backslashes & 1) === 0) return q;
    q = s.indexOf('"', q + 1);
  }
  return -1;
}

/**
 * HEC time for a CloudWatch timestamp literal, identical to `String(Number(literal) / 1000)`:
 * for a plain 10- to 15-digit integer the decimal point is placed by hand, anything else is
 * computed. Below 1e15 ms the seconds are under 2^40, where a double's spacing (2^-12) is far
 * finer than a millisecond, so the quotient's shortest round-trip form is exactly that
 * decimal; at 16 digits it is not (the differential test found 9007037852965.399).
 */
export function timeFromLiteral(s: string, start: number, end: number): string {
  const digits = end - start;
  if (digits >= 10 && digits <= 15 && s.charCodeAt(start) !== 48 && isAllDigits(s, start, end)) {
    const seconds = s.slice(start, end - 3);
    if (s.charCodeAt(end - 1) !== 48) return `${seconds}.${s.slice(end - 3, end)}`;
    if (s.charCodeAt(end - 2) !== 48) return `${seconds}.${s.slice(end - 3, end - 1)}`;
    if (s.charCodeAt(end - 3) !== 48) return `${seconds}.${s[end - 3]}`;
    return seconds;
  }
  return String(Number(s.slice(start, end)) / 1000);
}

function isAllDigits(s: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

const NUMBER_LITERAL = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/** True for a JSON number literal that parses to a finite number (the general path rejects Infinity). */
function isNumberLiteral(s: string, start: number, end: number): boolean {
  if (end - start >= 10 && end - start <= 16 && s.charCodeAt(start) !== 48 && isAllDigits(s, start, end)) return true;
  const literal = s.slice(start, end);
  return NUMBER_LITERAL.test(literal) && Number.isFinite(Number(literal));
}
/**
 * The fast path: scans the decompressed JSON as latin1 text and builds output from slices
 * of it, without JSON.parse of the events or JSON.stringify per event. Anything it does not
 * expect (odd key order, extra keys, white space, invalid UTF-8, control characters, a
 * nested logEvents) returns undefined and the general path runs instead. Messages whose
 * escapes differ from JSON.stringify's are re-serialised one by one, so the bytes always
 * equal the general path's.
 */
export function createFastFormatter(config: TransformConfig, general: PayloadFormatter): FastFormatter | undefined {
  if (config.jsonMessageAsObject) return undefined;
  const flowFilterActive = filterIsActive(config.flowLogFilter);
  const flowAsObject = config.flowLogEventFormat === 'object';
  const eventMode = config.endpointType === 'Event';

  return (decompressed, region) => {
    // Raw output must unescape every escaped message one by one; past a few, one JSON.parse
    // of the whole payload (the general path) measured faster, so any backslash declines.
    if (!eventMode && decompressed.indexOf(92) !== -1) return undefined;
    if (!isUtf8(decompressed)) return undefined;
    const s = decompressed.toString('latin1');
    if (CONTROL_CHARACTER.test(s)) return undefined;
    const arrayStart = s.indexOf(LOG_EVENTS);
    if (arrayStart < 0) return undefined;
    const prefix = s.slice(0, arrayStart);
    if (prefix.includes('\\')) return undefined;

    // Pass 1: locate every event; nothing is built yet.
    const messageStarts: number[] = [];
    const messageEnds: number[] = [];
    const timeStarts: number[] = [];
    const timeEnds: number[] = [];
    let p = arrayStart + LOG_EVENTS.length;
    if (s.charCodeAt(p) !== 93) {
      for (;;) {
        if (!s.startsWith(EVENT_OPEN, p)) return undefined;
        const idEnd = s.indexOf('"', p + EVENT_OPEN.length);
        if (idEnd < 0 || s.slice(p + EVENT_OPEN.length, idEnd).includes('\\')) return undefined;
        if (!s.startsWith(AFTER_ID, idEnd)) return undefined;
        const tStart = idEnd + AFTER_ID.length;
        const tEnd = s.indexOf(',', tStart);
        if (tEnd < 0 || !s.startsWith(AFTER_TIMESTAMP, tEnd) || !isNumberLiteral(s, tStart, tEnd)) return undefined;
        const mStart = tEnd + AFTER_TIMESTAMP.length;
        const mEnd = closingQuote(s, mStart);
        if (mEnd < 0 || s.charCodeAt(mEnd + 1) !== 125) return undefined;
        timeStarts.push(tStart);
        timeEnds.push(tEnd);
        messageStarts.push(mStart);
        messageEnds.push(mEnd);
        p = mEnd + 2;
        const next = s.charCodeAt(p);
        if (next === 44) p++;
        else if (next === 93) break;
        else return undefined;
      }
    }
    const suffix = s.slice(p + 1);
    if (suffix.includes('"logEvents"')) return undefined;

    // The header (everything but the events) goes through the general validation.
    let parsed: unknown;
    try {
      parsed = JSON.parse(latin1AsUtf8(`${prefix}${LOG_EVENTS}]${suffix}`));
    } catch {
      return undefined;
    }
    const checked = toPayload(parsed);
    if (!('payload' in checked) || checked.payload.messageType !== 'DATA_MESSAGE') return undefined;
    const header = checked.payload;
    if (!Array.isArray(header.logEvents) || header.logEvents.length !== 0) return undefined;

    const messageText = (i: number): string | undefined => {
      try {
        return JSON.parse(latin1AsUtf8(`"${s.slice(messageStarts[i], messageEnds[i])}"`)) as string;
      } catch {
        return undefined;
      }
    };
    const count = messageStarts.length;
    if (count > 0) {
      const first = messageText(0);
      if (first === undefined) return undefined;
      header.logEvents = [{ id: '', timestamp: 0, message: first }];
    }
    const ctx = general.context(header, region);
    if (ctx.isFlowLog && flowAsObject) return undefined;
    const filterFlow = ctx.isFlowLog && flowFilterActive;

    // Pass 2: build the output as latin1 text (UTF-8 bytes), one piece per event.
    let out = '';
    let filteredEvents = 0;
    let unparsedFlowLogLines = 0;
    let blankEvents = 0;
    let eventsOut = 0;
    let head = '';
    let tail = '';
    if (eventMode) {
      head = `,"host":${utf8AsLatin1(JSON.stringify(ctx.host))},"source":${utf8AsLatin1(JSON.stringify(ctx.source))},"sourcetype":${utf8AsLatin1(JSON.stringify(ctx.sourcetype))}`;
      if (ctx.index !== undefined) head += `,"index":${utf8AsLatin1(JSON.stringify(ctx.index))}`;
      head += ',"event":"';
      tail = ctx.fields !== undefined ? `","fields":${utf8AsLatin1(JSON.stringify(ctx.fields))}}\n` : '"}\n';
    }
    for (let i = 0; i < count; i++) {
      const mStart = messageStarts[i] as number;
      const mEnd = messageEnds[i] as number;
      let body = s.slice(mStart, mEnd);
      if (filterFlow) {
        // Fields are split on spaces, which mean the same in UTF-8 bytes as in text; an
        // escaped flow log line is not worth a special case: the general path takes it.
        if (body.includes('\\')) return undefined;
        const values = splitFlowLogLine(body, config.flowLogFormat);
        if (values === undefined) unparsedFlowLogLines++;
        else if (!keepFlowLogLine(values, config.flowLogFormat, config.flowLogFilter)) {
          filteredEvents++;
          continue;
        }
      }
      if (eventMode) {
        if (mStart === mEnd) {
          blankEvents++;
          continue;
        }
        if (body.includes('\\') && !CANONICAL_ESCAPED.test(body)) {
          const text = messageText(i);
          if (text === undefined) return undefined;
          body = utf8AsLatin1(JSON.stringify(text).slice(1, -1));
        }
        out += `{"time":${timeFromLiteral(s, timeStarts[i] as number, timeEnds[i] as number)}${head}${body}${tail}`;
      } else {
        // Raw mode declined every payload with a backslash above: the bytes are the message.
        out += `${body}\n`;
      }
      eventsOut++;
    }
    return {
      output: Buffer.from(out, 'latin1'),
      eventsIn: count,
      eventsOut,
      filteredEvents,
      blankEvents,
      unparsedFlowLogLines,
      sourcetype: ctx.sourcetype,
    };
  };
}
