import { isUtf8 } from 'node:buffer';
import type { TransformConfig } from '../config.js';
import { eventLineParts } from './event-line-parts.js';
import type { FormatResult, PayloadFormatter } from './general-formatter.js';
import { LOG_EVENTS_KEY as LOG_EVENTS, parsePayloadHeader } from './payload-header.js';
import { filterIsActive, keepFlowLogLine, splitFlowLogLine } from '../flow-logs/vpc-flow-log.js';

/** Formats a decompressed payload without parsing its events, or says "use the general path". */
export type FastFormatter = (decompressed: Buffer, region: string) => FormatResult | undefined;

const CONTROL_CHARACTER = /[\x00-\x1f]/;
// Escapes exactly as JSON.stringify writes them: a slice made only of these copies verbatim.
const CANONICAL_ESCAPED = /^(?:[^\\]|\\["\\bfnrt]|\\u00(?:0[0-7bef]|1[0-9a-f]))*$/;
const EVENT_OPEN = '{"id":"';
const AFTER_ID = '","timestamp":';
const AFTER_TIMESTAMP = ',"message":"';

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

/** True when `s` holds `literal` at `at` (a charCode loop; `startsWith` measured no faster here). */
function hasAt(s: string, at: number, literal: string): boolean {
  for (let i = 0; i < literal.length; i++) {
    if (s.charCodeAt(at + i) !== literal.charCodeAt(i)) return false;
  }
  return true;
}

function hasBackslash(s: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (s.charCodeAt(i) === 92) return true;
  return false;
}

function isAllDigits(s: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

const NUMBER_LITERAL = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/**
 * HEC time for a CloudWatch timestamp literal, identical to `String(Number(literal) / 1000)`,
 * or undefined when the literal is not a finite JSON number (the general path rejects it).
 * For a plain 10- to 15-digit integer the decimal point is placed by hand. Below 1e15 ms the
 * seconds are under 2^40, where a double's spacing (2^-12) is far finer than a millisecond,
 * so the quotient's shortest round-trip form is exactly that decimal; at 16 digits it is not
 * (the differential test found 9007037852965.399).
 */
export function timeFromLiteral(s: string, start: number, end: number): string | undefined {
  const digits = end - start;
  if (digits >= 10 && digits <= 15 && s.charCodeAt(start) !== 48 && isAllDigits(s, start, end)) {
    const seconds = s.slice(start, end - 3);
    if (s.charCodeAt(end - 1) !== 48) return `${seconds}.${s.slice(end - 3, end)}`;
    if (s.charCodeAt(end - 2) !== 48) return `${seconds}.${s.slice(end - 3, end - 1)}`;
    if (s.charCodeAt(end - 3) !== 48) return `${seconds}.${s[end - 3]}`;
    return seconds;
  }
  const literal = s.slice(start, end);
  if (!NUMBER_LITERAL.test(literal)) return undefined;
  const ms = Number(literal);
  return Number.isFinite(ms) ? String(ms / 1000) : undefined;
}

/**
 * The fast path: scans the decompressed JSON as latin1 text and builds output from slices
 * of it in one pass, without JSON.parse of the events or JSON.stringify per event. It takes
 * payloads laid out as CloudWatch Logs writes them (header first, logEvents last, each event
 * exactly `{"id":..,"timestamp":..,"message":..}`, no white space); anything else, invalid
 * UTF-8 or raw control characters included, returns undefined and the general path runs
 * instead. Messages whose escapes differ from JSON.stringify's are re-serialised one by one,
 * so the bytes always equal the general path's.
 */
export function createFastFormatter(config: TransformConfig, general: PayloadFormatter): FastFormatter | undefined {
  if (config.jsonMessageAsObject) return undefined;
  const flowFilterActive = filterIsActive(config.flowLogFilter);
  const flowAsObject = config.flowLogEventFormat === 'object';
  const eventMode = config.endpointType === 'Event';

  return (decompressed, region) => {
    // Most payloads (all flow logs) hold no backslash at all: then no string can hold an
    // escaped quote, and each string ends at the next quote.
    const escapes = decompressed.indexOf(92) !== -1;
    // Raw output must unescape every escaped message one by one; past a few, one JSON.parse
    // of the whole payload (the general path) measured faster, so any backslash declines.
    if (!eventMode && escapes) return undefined;
    if (!isUtf8(decompressed)) return undefined;
    const s = decompressed.toString('latin1');
    if (CONTROL_CHARACTER.test(s)) return undefined;
    const arrayStart = s.indexOf(LOG_EVENTS);
    if (arrayStart < 0 || (escapes && hasBackslash(s, 0, arrayStart))) return undefined;

    // The header is everything before logEvents; it goes through the general validation.
    const header = parsePayloadHeader(latin1AsUtf8(s.slice(0, arrayStart)));
    if (header === undefined) return undefined;

    const messageText = (start: number, end: number): string | undefined => {
      try {
        return JSON.parse(latin1AsUtf8(`"${s.slice(start, end)}"`)) as string;
      } catch {
        return undefined;
      }
    };
    let filterFlow = false;
    let head = '';
    let tail = '';
    let sourcetype = '';
    // Sourcetype detection looks at the first message, so the context waits for it.
    const resolveContext = (firstMessage: string | undefined): boolean => {
      if (firstMessage !== undefined) header.logEvents = [{ id: '', timestamp: 0, message: firstMessage }];
      const ctx = general.context(header, region);
      if (ctx.isFlowLog && flowAsObject) return false;
      filterFlow = ctx.isFlowLog && flowFilterActive;
      sourcetype = ctx.sourcetype;
      if (eventMode) {
        const parts = eventLineParts(ctx);
        head = utf8AsLatin1(parts.head);
        tail = utf8AsLatin1(parts.tail);
      }
      return true;
    };

    let out = '';
    let count = 0;
    let filteredEvents = 0;
    let unparsedFlowLogLines = 0;
    let blankEvents = 0;
    let eventsOut = 0;
    let p = arrayStart + LOG_EVENTS.length;
    if (s.charCodeAt(p) !== 93) {
      for (;;) {
        if (!hasAt(s, p, EVENT_OPEN)) return undefined;
        const idStart = p + EVENT_OPEN.length;
        const idEnd = s.indexOf('"', idStart);
        if (idEnd < 0 || (escapes && hasBackslash(s, idStart, idEnd)) || !hasAt(s, idEnd, AFTER_ID)) return undefined;
        const tStart = idEnd + AFTER_ID.length;
        const tEnd = s.indexOf(',', tStart);
        if (tEnd < 0 || !hasAt(s, tEnd, AFTER_TIMESTAMP)) return undefined;
        const time = timeFromLiteral(s, tStart, tEnd);
        if (time === undefined) return undefined;
        const mStart = tEnd + AFTER_TIMESTAMP.length;
        const mEnd = escapes ? closingQuote(s, mStart) : s.indexOf('"', mStart);
        if (mEnd < 0 || s.charCodeAt(mEnd + 1) !== 125) return undefined;
        let body = s.slice(mStart, mEnd);
        const bodyEscaped = escapes && body.includes('\\');
        if (count === 0) {
          const first = bodyEscaped ? messageText(mStart, mEnd) : latin1AsUtf8(body);
          if (first === undefined || !resolveContext(first)) return undefined;
        }
        count++;
        p = mEnd + 2;
        const next = s.charCodeAt(p);
        if (next === 44) p++;
        else if (next !== 93) return undefined;

        let keep = true;
        if (filterFlow) {
          // Fields are split on spaces, which mean the same in UTF-8 bytes as in text; an
          // escaped flow log line is not worth a special case: the general path takes it.
          if (bodyEscaped) return undefined;
          const values = splitFlowLogLine(body, config.flowLogFormat);
          if (values === undefined) unparsedFlowLogLines++;
          else if (!keepFlowLogLine(values, config.flowLogFormat, config.flowLogFilter)) {
            filteredEvents++;
            keep = false;
          }
        }
        if (keep) {
          if (!eventMode) {
            // Raw mode declined every payload with a backslash above: the bytes are the message.
            out += `${body}\n`;
            eventsOut++;
          } else if (mStart === mEnd) {
            blankEvents++;
          } else {
            if (bodyEscaped && !CANONICAL_ESCAPED.test(body)) {
              const text = messageText(mStart, mEnd);
              if (text === undefined) return undefined;
              body = utf8AsLatin1(JSON.stringify(text).slice(1, -1));
            }
            out += `{"time":${time}${head}${body}${tail}`;
            eventsOut++;
          }
        }
        if (next === 93) break;
      }
    }
    // CloudWatch Logs writes logEvents last: anything after it goes to the general path.
    if (p !== s.length - 2 || s.charCodeAt(p + 1) !== 125) return undefined;
    if (count === 0 && !resolveContext(undefined)) return undefined;
    return {
      output: Buffer.from(out, 'latin1'),
      eventsIn: count,
      eventsOut,
      filteredEvents,
      blankEvents,
      unparsedFlowLogLines,
      sourcetype,
    };
  };
}
