// AssemblyScript, compiled to WebAssembly by scripts/build-wasm.mjs (the JS side is
// src/format/wasm-scanner-loader.ts). It scans the events of a CloudWatch Logs payload laid out exactly as
// CloudWatch writes them, {"id":"..","timestamp":..,"message":".."} joined by commas, in linear
// memory, and writes HEC Event lines or Raw lines. It never guesses: any byte it does not
// expect (white space, another key order, a raw control character, a backslash in an id, an
// escape JSON.stringify would not write, a timestamp that is not 10 to 15 digits) makes it
// return DECLINE, and the JS fast path or the general path takes the payload.

import { copyAhead } from './copy-ahead';

const DECLINE: i32 = -1;
const NO_ROOM: i32 = -2;

const QUOTE: u32 = 0x22;
const BACKSLASH: u32 = 0x5c;
const COMMA: u32 = 0x2c;
const CLOSE_BRACKET: u32 = 0x5d;
const CLOSE_BRACE: u32 = 0x7d;
const ZERO: u32 = 0x30;

const EVENT_OPEN = memory.data<u8>([0x7b, 0x22, 0x69, 0x64, 0x22, 0x3a, 0x22]); // {"id":"
const AFTER_ID = memory.data<u8>([0x22, 0x2c, 0x22, 0x74, 0x69, 0x6d, 0x65, 0x73, 0x74, 0x61, 0x6d, 0x70, 0x22, 0x3a]); // ","timestamp":
const AFTER_TIMESTAMP = memory.data<u8>([0x2c, 0x22, 0x6d, 0x65, 0x73, 0x73, 0x61, 0x67, 0x65, 0x22, 0x3a, 0x22]); // ,"message":"
const TIME_OPEN = memory.data<u8>([0x7b, 0x22, 0x74, 0x69, 0x6d, 0x65, 0x22, 0x3a]); // {"time":

// Results of the last call, read by the JS side through the getters below.
let eventsIn: i32 = 0;
let eventsOut: i32 = 0;
let blankEvents: i32 = 0;
let endPosition: usize = 0;
let firstMessageStart: usize = 0;
let firstMessageEnd: usize = 0;
let firstMessageEscaped: bool = false;

// The event parseEvent last read.
let timeStart: usize = 0;
let timeEnd: usize = 0;
let messageStart: usize = 0;
let messageEnd: usize = 0;
let messageEscaped: bool = false;

/** First byte of free memory: the JS side lays out its buffers from here. */
export function heapBase(): usize {
  return __heap_base;
}
export function getEventsIn(): i32 {
  return eventsIn;
}
export function getEventsOut(): i32 {
  return eventsOut;
}
export function getBlankEvents(): i32 {
  return blankEvents;
}
export function getEndPosition(): usize {
  return endPosition;
}
export function getFirstMessageStart(): usize {
  return firstMessageStart;
}
export function getFirstMessageEnd(): usize {
  return firstMessageEnd;
}
/** Whether the first message holds an escape (its text then needs JSON decoding). */
export function getFirstMessageEscaped(): i32 {
  return firstMessageEscaped ? 1 : 0;
}

@inline
function byteAt(p: usize): u32 {
  return <u32>load<u8>(p);
}

@inline
function matches(p: usize, end: usize, literal: usize, length: usize): bool {
  if (p + length > end) return false;
  for (let i: usize = 0; i < length; i++) {
    if (load<u8>(p + i) != load<u8>(literal + i)) return false;
  }
  return true;
}

/** True for the escapes JSON.stringify writes: \" \\ \b \f \n \r \t and \u00XX for the other control characters. */
@inline
function canonicalEscapeLength(p: usize, end: usize): usize {
  if (p + 1 >= end) return 0;
  const c = byteAt(p + 1);
  if (c == QUOTE || c == BACKSLASH || c == 0x62 || c == 0x66 || c == 0x6e || c == 0x72 || c == 0x74) return 2;
  if (c != 0x75 || p + 5 >= end || byteAt(p + 2) != ZERO || byteAt(p + 3) != ZERO) return 0;
  const high = byteAt(p + 4);
  const low = byteAt(p + 5);
  // \u0000-\u0007, \u000b, \u000e, \u000f, \u0010-\u001f in lower-case hex.
  if (high == ZERO && (low - ZERO < 8 || low == 0x62 || low == 0x65 || low == 0x66)) return 6;
  if (high == 0x31 && (low - ZERO < 10 || low - 0x61 < 6)) return 6;
  return 0;
}

/**
 * The first position from q on (at most end) where a 16-byte block holds a quote, a backslash
 * or a control character; the byte loops then go on from there. Plain text is skipped 16
 * bytes at a time.
 */
@inline
function skipPlain(q: usize, end: usize): usize {
  const quote = i8x16.splat(<i8>QUOTE);
  const backslash = i8x16.splat(<i8>BACKSLASH);
  const space = i8x16.splat(0x20);
  while (q + 16 <= end) {
    const block = v128.load(q);
    const special = v128.or(v128.or(i8x16.eq(block, quote), i8x16.eq(block, backslash)), i8x16.lt_u(block, space));
    const mask = i8x16.bitmask(special);
    // Straight to the first special byte: escapes come every few bytes in JSON inside JSON.
    if (mask != 0) return q + <usize>ctz(mask);
    q += 16;
  }
  return q;
}

/**
 * skipPlain for a flow log message when filters are on: the same stop, and the spaces of the
 * blocks it passes added to messageSpaces, so the filter need not read the line again.
 */
@inline
function skipPlainCountingSpaces(q: usize, end: usize): usize {
  const quote = i8x16.splat(<i8>QUOTE);
  const backslash = i8x16.splat(<i8>BACKSLASH);
  const space = i8x16.splat(0x20);
  let spaces: u32 = 0;
  while (q + 16 <= end) {
    const block = v128.load(q);
    const special = v128.or(v128.or(i8x16.eq(block, quote), i8x16.eq(block, backslash)), i8x16.lt_u(block, space));
    const mask = i8x16.bitmask(special);
    const spaceMask = i8x16.bitmask(i8x16.eq(block, space));
    if (mask != 0) {
      const at = ctz(mask);
      spaces += popcnt(spaceMask & ((<u32>1 << at) - 1));
      messageSpaces += spaces;
      return q + <usize>at;
    }
    spaces += popcnt(spaceMask);
    q += 16;
  }
  messageSpaces += spaces;
  return q;
}

/** Whether parseEvent counts the spaces of messages (flow log filters on), and the count for the last one. */
let countSpaces: bool = false;
let messageSpaces: u32 = 0;

/**
 * Reads one event at p; returns the position just after its closing brace, or 0 to decline.
 * With `copyTo` (not 0, and spaces not counted), the message is written there unescaped as it
 * is read (copyMessage), for Raw mode.
 */
function parseEvent(p: usize, end: usize, copyTo: usize): usize {
  if (!matches(p, end, EVENT_OPEN, 7)) return 0;
  let q = skipPlain(p + 7, end);
  for (;;) {
    if (q >= end) return 0;
    const b = byteAt(q);
    if (b == QUOTE) break;
    if (b < 0x20 || b == BACKSLASH) return 0;
    q++;
  }
  if (!matches(q, end, AFTER_ID, 14)) return 0;
  q += 14;
  timeStart = q;
  while (q < end && byteAt(q) - ZERO < 10) q++;
  timeEnd = q;
  const digits = timeEnd - timeStart;
  // 10 to 15 digits: the millisecond point can be placed by hand (see timeFromLiteral in fast-format.ts).
  if (digits < 10 || digits > 15 || byteAt(timeStart) == ZERO) return 0;
  if (!matches(q, end, AFTER_TIMESTAMP, 12)) return 0;
  q += 12;
  messageStart = q;
  messageEscaped = false;
  messageSpaces = 0;
  if (countSpaces && copyTo != 0) {
    q = copyFlowLine(q, end, copyTo);
    if (q == 0) return 0;
  } else if (countSpaces) {
    q = skipPlainCountingSpaces(q, end);
    for (;;) {
      if (q >= end) return 0;
      const b = byteAt(q);
      if (b == QUOTE) break;
      if (b < 0x20) return 0;
      if (b == BACKSLASH) {
        // An escaped flow log line goes to the general path anyway (see format).
        messageEscaped = true;
        const length = canonicalEscapeLength(q, end);
        if (length == 0) return 0;
        q += length;
        continue;
      }
      if (b == 0x20) messageSpaces++;
      q++;
    }
  } else if (copyTo != 0) {
    q = copyMessage(q, end, copyTo);
    if (q == 0) return 0;
  } else {
    q = scanMessage(q, end);
    if (q == 0) return 0;
  }
  messageEnd = q;
  if (q + 1 >= end || byteAt(q + 1) != CLOSE_BRACE) return 0;
  return q + 2;
}

// The header CloudWatch Logs writes before the events, key by key.
const HEADER_OPEN = memory.data<u8>([0x7b, 0x22, 0x6d, 0x65, 0x73, 0x73, 0x61, 0x67, 0x65, 0x54, 0x79, 0x70, 0x65, 0x22, 0x3a, 0x22, 0x44, 0x41, 0x54, 0x41, 0x5f, 0x4d, 0x45, 0x53, 0x53, 0x41, 0x47, 0x45, 0x22, 0x2c, 0x22, 0x6f, 0x77, 0x6e, 0x65, 0x72, 0x22, 0x3a, 0x22]); // {"messageType":"DATA_MESSAGE","owner":"
const AFTER_OWNER = memory.data<u8>([0x22, 0x2c, 0x22, 0x6c, 0x6f, 0x67, 0x47, 0x72, 0x6f, 0x75, 0x70, 0x22, 0x3a, 0x22]); // ","logGroup":"
const AFTER_GROUP = memory.data<u8>([0x22, 0x2c, 0x22, 0x6c, 0x6f, 0x67, 0x53, 0x74, 0x72, 0x65, 0x61, 0x6d, 0x22, 0x3a, 0x22]); // ","logStream":"
const AFTER_STREAM = memory.data<u8>([0x22, 0x2c, 0x22, 0x73, 0x75, 0x62, 0x73, 0x63, 0x72, 0x69, 0x70, 0x74, 0x69, 0x6f, 0x6e, 0x46, 0x69, 0x6c, 0x74, 0x65, 0x72, 0x73, 0x22, 0x3a, 0x5b]); // ","subscriptionFilters":[
// The keys JSON.parse would let a later duplicate override: an extra key may be none of them.
const KEY_MESSAGE_TYPE = memory.data<u8>([0x6d, 0x65, 0x73, 0x73, 0x61, 0x67, 0x65, 0x54, 0x79, 0x70, 0x65]); // messageType
const KEY_OWNER = memory.data<u8>([0x6f, 0x77, 0x6e, 0x65, 0x72]); // owner
const KEY_LOG_GROUP = memory.data<u8>([0x6c, 0x6f, 0x67, 0x47, 0x72, 0x6f, 0x75, 0x70]); // logGroup
const KEY_LOG_STREAM = memory.data<u8>([0x6c, 0x6f, 0x67, 0x53, 0x74, 0x72, 0x65, 0x61, 0x6d]); // logStream
const KEY_FILTERS = memory.data<u8>([0x73, 0x75, 0x62, 0x73, 0x63, 0x72, 0x69, 0x70, 0x74, 0x69, 0x6f, 0x6e, 0x46, 0x69, 0x6c, 0x74, 0x65, 0x72, 0x73]); // subscriptionFilters
const KEY_LOG_EVENTS = memory.data<u8>([0x6c, 0x6f, 0x67, 0x45, 0x76, 0x65, 0x6e, 0x74, 0x73]); // logEvents
const LOG_EVENTS_KEY = memory.data<u8>([0x22, 0x6c, 0x6f, 0x67, 0x45, 0x76, 0x65, 0x6e, 0x74, 0x73, 0x22, 0x3a, 0x5b]); // "logEvents":[

// Spans of the header's strings, read by the JS side: owner, logGroup, logStream, and the
// subscription filters' list (its text between the brackets).
let ownerStart: usize = 0;
let ownerEnd: usize = 0;
let groupStart: usize = 0;
let groupEnd: usize = 0;
let streamStart: usize = 0;
let streamEnd: usize = 0;
let filtersStart: usize = 0;
let filtersEnd: usize = 0;

export function getOwnerStart(): usize {
  return ownerStart;
}
export function getOwnerEnd(): usize {
  return ownerEnd;
}
export function getGroupStart(): usize {
  return groupStart;
}
export function getGroupEnd(): usize {
  return groupEnd;
}
export function getStreamStart(): usize {
  return streamStart;
}
export function getStreamEnd(): usize {
  return streamEnd;
}
export function getFiltersStart(): usize {
  return filtersStart;
}
export function getFiltersEnd(): usize {
  return filtersEnd;
}

/** The end of a string's content starting at p: the next quote, or 0 when a backslash or a control character comes first. */
function plainStringEnd(p: usize, end: usize): usize {
  let q = skipPlain(p, end);
  for (;;) {
    if (q >= end) return 0;
    const b = byteAt(q);
    if (b == QUOTE) return q;
    if (b < 0x20 || b == BACKSLASH) return 0;
    q++;
  }
  return 0;
}

@inline
function isKey(start: usize, end: usize, key: usize, length: usize): bool {
  return end - start == length && matches(start, end, key, length);
}

/** True for a key the fixed part of the header already holds (a duplicate would override it in JSON.parse). */
function isHeaderKey(start: usize, end: usize): bool {
  return (
    isKey(start, end, KEY_MESSAGE_TYPE, 11) ||
    isKey(start, end, KEY_OWNER, 5) ||
    isKey(start, end, KEY_LOG_GROUP, 8) ||
    isKey(start, end, KEY_LOG_STREAM, 9) ||
    isKey(start, end, KEY_FILTERS, 19) ||
    isKey(start, end, KEY_LOG_EVENTS, 9)
  );
}

/**
 * Reads the header as CloudWatch Logs writes it: messageType DATA_MESSAGE, owner, logGroup,
 * logStream, subscriptionFilters (strings), then any further "key":"value" pairs (policyLevel,
 * for one; none of the keys before), then "logEvents":[. Strings must hold no escape and no control character. Returns the position
 * just after "logEvents":[, or 0 to decline (the JS paths then read the payload).
 */
export function scanHeader(start: usize, end: usize): usize {
  if (!matches(start, end, HEADER_OPEN, 39)) return 0;
  ownerStart = start + 39;
  ownerEnd = plainStringEnd(ownerStart, end);
  if (ownerEnd == 0 || !matches(ownerEnd, end, AFTER_OWNER, 14)) return 0;
  groupStart = ownerEnd + 14;
  groupEnd = plainStringEnd(groupStart, end);
  if (groupEnd == 0 || !matches(groupEnd, end, AFTER_GROUP, 15)) return 0;
  streamStart = groupEnd + 15;
  streamEnd = plainStringEnd(streamStart, end);
  if (streamEnd == 0 || !matches(streamEnd, end, AFTER_STREAM, 25)) return 0;
  let p = streamEnd + 25;
  filtersStart = p;
  if (p < end && byteAt(p) != CLOSE_BRACKET) {
    for (;;) {
      if (p >= end || byteAt(p) != QUOTE) return 0;
      const q = plainStringEnd(p + 1, end);
      if (q == 0) return 0;
      p = q + 1;
      if (p < end && byteAt(p) == COMMA) {
        p++;
        continue;
      }
      break;
    }
  }
  if (p >= end || byteAt(p) != CLOSE_BRACKET) return 0;
  filtersEnd = p;
  p++;
  // Keys after the filters (policyLevel, for one) with string values, then logEvents.
  for (;;) {
    if (p >= end || byteAt(p) != COMMA) return 0;
    p++;
    if (matches(p, end, LOG_EVENTS_KEY, 13)) return p + 13;
    if (p >= end || byteAt(p) != QUOTE) return 0;
    const keyEnd = plainStringEnd(p + 1, end);
    if (keyEnd == 0 || keyEnd + 2 >= end || byteAt(keyEnd + 1) != 0x3a || byteAt(keyEnd + 2) != QUOTE) return 0;
    if (isHeaderKey(p + 1, keyEnd)) return 0;
    const valueEnd = plainStringEnd(keyEnd + 3, end);
    if (valueEnd == 0) return 0;
    p = valueEnd + 1;
  }
  return 0;
}

/** Checks the first event and records its message span (sourcetype detection reads it). 1 or DECLINE. */
export function scanFirst(start: usize, end: usize): i32 {
  firstMessageStart = 0;
  firstMessageEnd = 0;
  if (start < end && byteAt(start) == CLOSE_BRACKET) return 1;
  if (parseEvent(start, end, 0) == 0) return DECLINE;
  firstMessageStart = messageStart;
  firstMessageEnd = messageEnd;
  firstMessageEscaped = messageEscaped;
  return 1;
}

// Even bit positions of a block's masks, and of the position just past it.
const EVEN_POSITIONS: u32 = 0x15555;

/**
 * The positions of escaped characters in a block, from its backslashes (bit i: byte i), as
 * simdjson finds them: in a run of backslashes every other one escapes the next byte, starting
 * with the run's first. The block must not start escaped (the caller never leaves an escape
 * open across blocks). Bit 16 set: the last byte starts an escape whose character is in the
 * next block.
 * @see https://github.com/simdjson/simdjson/blob/master/src/generic/stage1/json_string_scanner.h (find_escaped)
 */
@inline
function escapedPositions(backslashes: u32): u32 {
  const follows = backslashes << 1;
  const oddStarts = backslashes & ~EVEN_POSITIONS & ~follows;
  const evenStarted = (oddStarts + backslashes) << 1;
  return (EVEN_POSITIONS ^ evenStarted) & follows;
}

/**
 * For a block holding backslashes (escapedPositions gave `escaped`), whether scanMessage and
 * copyMessage may take it from its masks: every escape before the closing quote is \" or \\,
 * none runs into the next block, and no control character comes before the quote. Returns
 * where the message ends in the block (the closing quote's position; 16 when it goes on), or
 * -1 for a block to take one escape at a time.
 */
@inline
function plainEscapesStop(escaped: u32, quotes: u32, backslashes: u32, controls: u32): i32 {
  const ends = quotes & ~escaped;
  const stop = ends != 0 ? ctz(ends) : 16;
  const before: u32 = (<u32>1 << stop) - 1;
  if (escaped >= 0x10000 || (controls & before) != 0 || (escaped & ~backslashes & ~quotes & before) != 0) return -1;
  return <i32>stop;
}

/**
 * A message read from q (just after its opening quote): returns its closing quote's position,
 * or 0 to decline (a control character, an escape JSON.stringify would not write). Each block
 * of sixteen bytes is loaded once, and every quote, backslash and control character in it is
 * taken from its bit mask: in JSON inside JSON an escape comes every few bytes, and loading
 * again after each one (as skipPlain does) measured 5.82 against 5.54 ms for a 256 KB
 * invocation of the mixed corpus in Event mode, on Node 22.
 */
function scanMessage(q: usize, end: usize): usize {
  const quote = i8x16.splat(<i8>QUOTE);
  const backslash = i8x16.splat(<i8>BACKSLASH);
  const space = i8x16.splat(0x20);
  while (q + 16 <= end) {
    const block = v128.load(q);
    const quotes = <u32>i8x16.bitmask(i8x16.eq(block, quote));
    const backslashes = <u32>i8x16.bitmask(i8x16.eq(block, backslash));
    const controls = <u32>i8x16.bitmask(i8x16.lt_u(block, space));
    if (backslashes != 0) {
      // The whole block from its masks when every escape in it is \" or \\ and none runs
      // into the next block; anything else (another escape, \u00XX, an error) is taken one
      // escape at a time below.
      const escaped = escapedPositions(backslashes);
      const stop = plainEscapesStop(escaped, quotes, backslashes, controls);
      if (stop >= 0) {
        if ((backslashes & ((<u32>1 << stop) - 1)) != 0) messageEscaped = true;
        if (stop < 16) return q + <usize>stop;
        q += 16;
        continue;
      }
    }
    let mask = quotes | backslashes | controls;
    let consumed: usize = 16;
    while (mask != 0) {
      const i = <usize>ctz(mask);
      const b = byteAt(q + i);
      if (b == QUOTE) return q + i;
      if (b != BACKSLASH) return 0;
      // \" and \\ first: in JSON inside JSON nearly every escape is one of them.
      const c = byteAt(q + i + 1);
      const length = (c == QUOTE || c == BACKSLASH) && q + i + 1 < end ? 2 : canonicalEscapeLength(q + i, end);
      if (length == 0) return 0;
      messageEscaped = true;
      const after = i + length;
      if (after >= 16) {
        consumed = after;
        break;
      }
      // The escape's own bytes (a quote or backslash among them) are not specials.
      mask &= <u32>0xffff << <u32>after;
    }
    q += consumed;
  }
  // The last bytes before end, one at a time.
  for (;;) {
    if (q >= end) return 0;
    const b = byteAt(q);
    if (b == QUOTE) return q;
    if (b < 0x20) return 0;
    if (b == BACKSLASH) {
      const length = canonicalEscapeLength(q, end);
      if (length == 0) return 0;
      messageEscaped = true;
      q += length;
      continue;
    }
    q++;
  }
  return 0;
}

/** Where copyMessage or copyFlowLine stopped writing: the end of the message's Raw bytes. */
let messageCopyEnd: usize = 0;

/**
 * A flow log line under the filters in Raw mode, read and written in one pass from q to w, its
 * spaces counted for keepFlowLine (a filtered line's bytes are then left behind, to be
 * overwritten). An escape declines at once: the filters never take an escaped line (see
 * format). Returns the closing quote's position, or 0; messageCopyEnd is where the bytes end.
 */
function copyFlowLine(q: usize, end: usize, w: usize): usize {
  const quote = i8x16.splat(<i8>QUOTE);
  const backslash = i8x16.splat(<i8>BACKSLASH);
  const space = i8x16.splat(0x20);
  let spaces: u32 = 0;
  while (q + 16 <= end) {
    const block = v128.load(q);
    v128.store(w, block);
    const mask = i8x16.bitmask(v128.or(v128.or(i8x16.eq(block, quote), i8x16.eq(block, backslash)), i8x16.lt_u(block, space)));
    const spaceMask = i8x16.bitmask(i8x16.eq(block, space));
    if (mask != 0) {
      const at = ctz(mask);
      spaces += popcnt(spaceMask & ((<u32>1 << at) - 1));
      q += <usize>at;
      w += <usize>at;
      break;
    }
    spaces += popcnt(spaceMask);
    q += 16;
    w += 16;
  }
  for (;;) {
    if (q >= end) return 0;
    const b = byteAt(q);
    if (b == QUOTE) break;
    if (b < 0x20 || b == BACKSLASH) return 0;
    if (b == 0x20) spaces++;
    store<u8>(w++, <u8>b);
    q++;
  }
  messageSpaces = spaces;
  messageCopyEnd = w;
  return q;
}

/** The byte a canonical escape of `length` bytes at p stands for. */
@inline
function escapedByte(p: usize, length: usize): u8 {
  const c = byteAt(p + 1);
  if (length == 6) {
    // \u00XX, lower-case hex (canonicalEscapeLength checked it).
    const lowChar = byteAt(p + 5);
    const low = lowChar < 0x61 ? lowChar - ZERO : lowChar - 0x61 + 10;
    return <u8>((byteAt(p + 4) - ZERO) * 16 + low);
  }
  if (c == 0x62) return 0x08;
  if (c == 0x66) return 0x0c;
  if (c == 0x6e) return 0x0a;
  if (c == 0x72) return 0x0d;
  if (c == 0x74) return 0x09;
  return <u8>c; // \" and \\
}

/**
 * Raw mode's message read and written in one pass, from q (just after its opening quote) to w:
 * sixteen bytes are copied at a time up to the next quote, backslash or control character; an
 * escape is checked (canonical ones only, as parseEvent takes them) and written as its byte.
 * Returns the closing quote's position, or 0 to decline; messageCopyEnd is where the bytes end.
 * Against reading the message and then copying or unescaping it in a second pass: 5.86 against
 * 4.88 ms for a 256 KB invocation of the mixed corpus in Raw mode, on Node 22. Up to 16 bytes past
 * the message are written (the caller's slack: the next line overwrites them).
 */
function copyMessage(q: usize, end: usize, w: usize): usize {
  const quote = i8x16.splat(<i8>QUOTE);
  const backslash = i8x16.splat(<i8>BACKSLASH);
  const space = i8x16.splat(0x20);
  while (q + 16 <= end) {
    const block = v128.load(q);
    v128.store(w, block);
    const quotes = <u32>i8x16.bitmask(i8x16.eq(block, quote));
    const backslashes = <u32>i8x16.bitmask(i8x16.eq(block, backslash));
    const controls = <u32>i8x16.bitmask(i8x16.lt_u(block, space));
    const mask = quotes | backslashes | controls;
    if (mask == 0) {
      q += 16;
      w += 16;
      continue;
    }
    if (backslashes != 0) {
      // As in scanMessage: a block whose escapes are all \" and \\ and stay in it is taken from
      // its masks. Unescaping them drops each escape's backslash: the bytes between are copied
      // sixteen at a time (the next copy overwrites what one writes past its part).
      const escaped = escapedPositions(backslashes);
      const stop = plainEscapesStop(escaped, quotes, backslashes, controls);
      if (stop >= 0) {
        let starts = backslashes & ~escaped & ((<u32>1 << stop) - 1);
        if (starts != 0) messageEscaped = true;
        let from: u32 = 0;
        while (starts != 0) {
          const at = ctz(starts);
          starts &= starts - 1;
          v128.store(w, v128.load(q + <usize>from));
          w += <usize>(at - from);
          from = at + 1;
        }
        v128.store(w, v128.load(q + <usize>from));
        w += <usize>(<u32>stop - from);
        if (stop < 16) {
          messageCopyEnd = w;
          return q + <usize>stop;
        }
        q += 16;
        continue;
      }
    }
    const run = <usize>ctz(mask);
    q += run;
    w += run;
    const b = byteAt(q);
    if (b == QUOTE) {
      messageCopyEnd = w;
      return q;
    }
    if (b != BACKSLASH) return 0;
    messageEscaped = true;
    // \" and \\ first: in JSON inside JSON nearly every escape is one of them.
    const c = byteAt(q + 1);
    if ((c == QUOTE || c == BACKSLASH) && q + 1 < end) {
      store<u8>(w++, <u8>c);
      q += 2;
      continue;
    }
    const length = canonicalEscapeLength(q, end);
    if (length == 0) return 0;
    store<u8>(w++, escapedByte(q, length));
    q += length;
  }
  // The last bytes before end, one at a time.
  for (;;) {
    if (q >= end) return 0;
    const b = byteAt(q);
    if (b == QUOTE) {
      messageCopyEnd = w;
      return q;
    }
    if (b < 0x20) return 0;
    if (b == BACKSLASH) {
      const length = canonicalEscapeLength(q, end);
      if (length == 0) return 0;
      store<u8>(w++, escapedByte(q, length));
      q += length;
      messageEscaped = true;
      continue;
    }
    store<u8>(w++, <u8>b);
    q++;
  }
  return 0;
}

// VPC flow log filters (VPC_FLOW_ACTIONS, VPC_FLOW_PROTOCOLS, VPC_FLOW_DROP_NODATA), set by
// the JS side once: a line is split on spaces as the general path splits it; a line with
// another field count is kept and counted; otherwise each check compares one field's bytes
// with its list. Layout at filterSpec: fieldCount, checkCount, then per check: fieldIndex,
// mode (0: keep only the listed values, 1: drop them), valueCount, then per value its
// length and bytes padded to 4. All u32.
let filterSpec: usize = 0;
let filteredEvents: i32 = 0;
let unparsedLines: i32 = 0;
const MAX_FIELDS: usize = 64;
const FIELD_STARTS = memory.data(MAX_FIELDS * 4);
const FIELD_ENDS = memory.data(MAX_FIELDS * 4);

export function setFlowFilter(spec: usize): void {
  filterSpec = spec;
  neededFields = 0;
  const checks = load<u32>(spec + 4);
  let c = spec + 8;
  let w = WORD_CHECKS;
  let fits = true;
  for (let i: u32 = 0; i < checks; i++) {
    const field = <u64>load<u32>(c);
    if (field < 64) neededFields |= <u64>1 << field;
    const values = load<u32>(c + 8);
    if (w + WORD_CHECK_BYTES + <usize>values * WORD_VALUE_BYTES > WORD_CHECKS + WORD_CHECKS_BYTES) fits = false;
    if (fits) {
      store<u32>(w, <u32>field);
      store<u32>(w, load<u32>(c + 4), 4);
      store<u32>(w, values, 8);
      w += WORD_CHECK_BYTES;
    }
    c += 12;
    for (let v: u32 = 0; v < values; v++) {
      const length = <usize>load<u32>(c);
      if (length > 8) fits = false;
      if (fits) {
        const used = length == 8 ? <u64>-1 : (<u64>1 << (<u64>length << 3)) - 1;
        let word: u64 = 0;
        for (let k: usize = 0; k < length; k++) word |= <u64>load<u8>(c + 4 + k) << (<u64>k << 3);
        store<u64>(w, word);
        store<u64>(w, used, 8);
        store<u32>(w, <u32>length, 16);
        w += WORD_VALUE_BYTES;
      }
      c += 4 + ((length + 3) & ~3);
    }
  }
  wordChecks = fits;
  lowestNeeded = neededFields == 0 ? 64 : <usize>ctz(neededFields);
  const fieldCount = <usize>load<u32>(spec);
  lastTwoOnly = fieldCount >= 2 && lowestNeeded + 2 >= fieldCount;
  clearDecisions();
}
/** Whether every check reads one of the line's last two fields (the default format's action and log-status). */
let lastTwoOnly = false;

// The checks again, compiled by setFlowFilter where every value has at most 8 bytes (ACCEPT,
// NODATA, a protocol number): per check its field, mode and value count (16 bytes), then per
// value its bytes as a word, the mask of the bytes used, and its length (24 bytes). A line's
// field is then compared by one masked word per value, at addresses known in advance. Measured
// on the scanner alone (Node 22, Raw mode, the 8,671 lines of a 256 KB flow log invocation):
// about 3 ns a line less than the general layout's walk, each value's place read from the one
// before it and compared byte by byte.
const WORD_CHECK_BYTES: usize = 16;
const WORD_VALUE_BYTES: usize = 24;
const WORD_CHECKS_BYTES: usize = 4096;
const WORD_CHECKS = memory.data(WORD_CHECKS_BYTES, 8);
let wordChecks = false;
export function getFilteredEvents(): i32 {
  return filteredEvents;
}
export function getUnparsedLines(): i32 {
  return unparsedLines;
}

/** Field indexes the checks read, as bits (fields past 63 are never checked: the line is then unparsed), and the lowest. */
let neededFields: u64 = 0;
let lowestNeeded: usize = 64;

@inline
function recordField(index: usize, start: usize, end: usize): void {
  if (index < MAX_FIELDS && (neededFields >> <u64>index) & 1) {
    store<u32>(FIELD_STARTS + (index << 2), <u32>start);
    store<u32>(FIELD_ENDS + (index << 2), <u32>end);
  }
}

// The last decision to keep and the last to drop, each as the line's end from the space before
// its second-last field: its bytes (16, zero outside the suffix), the mask of the suffix's
// bytes (16), and whether it is set (u32, padded to 16). Only when every check reads the last
// two fields (lastTwoOnly): a line with the format's field count whose last bytes are such a
// suffix, space included, has those two fields exactly, so it gets that decision. Flow logs
// repeat a few endings ("ACCEPT OK", "REJECT OK", "- NODATA"): measured on the scanner alone
// (Node 22, the 8,671 lines of a 256 KB invocation, A/B in one process), the filters then cost
// 37 us less in Raw mode (52 -> 15 over the unfiltered scan) and 45 less in Event mode.
const DECISION_MEMO = memory.data(96, 16);
/** Row k: the last k of 16 bytes set. */
const SUFFIX_MASKS = memory.data(17 * 16, 16);

function clearDecisions(): void {
  memory.fill(DECISION_MEMO, 0, 96);
  for (let k: usize = 0; k <= 16; k++) for (let b: usize = 0; b < 16; b++) store<u8>(SUFFIX_MASKS + (k << 4) + b, b >= 16 - k ? 0xff : 0);
}

/** Remembers `keep` for lines ending as [second, end) does (second: the space before the second-last field, within 16 bytes of end). */
@inline
function rememberDecision(end: usize, second: usize, keep: bool): void {
  const mask = v128.load(SUFFIX_MASKS + ((end - second) << 4));
  const at = keep ? DECISION_MEMO : DECISION_MEMO + 48;
  v128.store(at, v128.and(v128.load(end - 16), mask));
  v128.store(at, mask, 16);
  store<u32>(at, 1, 32);
}

/**
 * The last two fields of a line of fieldCount fields, when both spaces before them are in the
 * line's last 16 bytes (action and log-status are short: "ACCEPT OK"): one mask, no loop.
 * About 2 ns a line less than the backward loop below (measured as WORD_CHECKS is).
 */
@inline
function lastTwoFieldsFromMask(start: usize, end: usize, fieldCount: usize): bool {
  if (end < start + 16) return false;
  const mask = <u32>i8x16.bitmask(i8x16.eq(v128.load(end - 16), i8x16.splat(0x20)));
  if (popcnt(mask) < 2) return false;
  const lastBit = 31 - clz(mask);
  const last = end - 16 + <usize>lastBit;
  const second = end - 16 + <usize>(31 - clz(mask & ~(<u32>1 << lastBit)));
  const lastIndex = (fieldCount - 1) << 2;
  store<u32>(FIELD_STARTS + lastIndex, <u32>(last + 1));
  store<u32>(FIELD_ENDS + lastIndex, <u32>end);
  store<u32>(FIELD_STARTS + lastIndex - 4, <u32>(second + 1));
  store<u32>(FIELD_ENDS + lastIndex - 4, <u32>last);
  return true;
}

/**
 * Whether the flow log line in [start, end) passes the filters; counts an unparsed line. The
 * field count comes from the spaces parseEvent counted; the fields the checks read are then
 * found from the nearer end of the line (action and log-status are the last two of the
 * default format, so a line is read about ten bytes back).
 */
@inline
function keepFlowLine(start: usize, end: usize): bool {
  const fieldCount = <usize>load<u32>(filterSpec);
  const fields = <usize>messageSpaces + 1;
  if (fields != fieldCount || fields > MAX_FIELDS) {
    unparsedLines++;
    return true;
  }
  if (lastTwoOnly && end >= start + 16) {
    // A line ending as the last line kept or dropped did: the same decision (see DECISION_MEMO).
    const tail = v128.load(end - 16);
    if (load<u32>(DECISION_MEMO, 32) != 0 && !v128.any_true(v128.and(v128.xor(tail, v128.load(DECISION_MEMO)), v128.load(DECISION_MEMO, 16)))) return true;
    if (load<u32>(DECISION_MEMO, 80) != 0 && !v128.any_true(v128.and(v128.xor(tail, v128.load(DECISION_MEMO, 48)), v128.load(DECISION_MEMO, 64)))) return false;
  }
  const fromMask = lastTwoOnly && lastTwoFieldsFromMask(start, end, fieldCount);
  if (fromMask) {
    // Found from one mask.
  } else if (lowestNeeded * 2 >= fieldCount) {
    // Backwards, sixteen bytes at a time: field `index` ends at `fieldEnd`; stop once the
    // lowest needed one is recorded.
    let index = fieldCount - 1;
    let fieldEnd = end;
    let blockEnd = end;
    let found = false;
    while (!found && blockEnd > start) {
      const blockStart = blockEnd >= start + 16 ? blockEnd - 16 : start;
      let mask: u32 = 0;
      if (blockEnd - blockStart == 16) {
        mask = <u32>i8x16.bitmask(i8x16.eq(v128.load(blockStart), i8x16.splat(0x20)));
      } else {
        for (let k: usize = 0; blockStart + k < blockEnd; k++) if (load<u8>(blockStart + k) == 0x20) mask |= <u32>1 << <u32>k;
      }
      while (mask != 0) {
        const at = blockStart + 31 - <usize>clz(mask);
        mask &= ~(<u32>1 << (31 - clz(mask)));
        recordField(index, at + 1, fieldEnd);
        if (index <= lowestNeeded) {
          found = true;
          break;
        }
        index--;
        fieldEnd = at;
      }
      blockEnd = blockStart;
    }
    // The first field, when the checks read it, runs from the start of the line.
    if (!found) recordField(index, start, fieldEnd);
  } else {
    let index: usize = 0;
    let fieldStart = start;
    for (let q = start; q < end; q++) {
      if (byteAt(q) == 0x20) {
        recordField(index, fieldStart, q);
        index++;
        fieldStart = q + 1;
      }
    }
    recordField(index, fieldStart, end);
  }
  const keep = passesChecks();
  if (fromMask) rememberDecision(end, <usize>load<u32>(FIELD_STARTS + ((fieldCount - 2) << 2)) - 1, keep);
  return keep;
}

/** The checks on the fields keepFlowLine recorded: whether the line passes them all. */
@inline
function passesChecks(): bool {
  const checks = load<u32>(filterSpec + 4);
  if (wordChecks) {
    let c = WORD_CHECKS;
    for (let i: u32 = 0; i < checks; i++) {
      const field = <usize>load<u32>(c);
      const drop = load<u32>(c, 4) == 1;
      const values = <usize>load<u32>(c, 8);
      c += WORD_CHECK_BYTES;
      const fs = <usize>load<u32>(FIELD_STARTS + (field << 2));
      const fieldLength = <u32>(<usize>load<u32>(FIELD_ENDS + (field << 2)) - fs);
      // The line has bytes after every field in memory (the rest of the payload, the output).
      const word = load<u64>(fs);
      let listed = false;
      for (let v: usize = 0; v < values; v++) {
        const value = c + v * WORD_VALUE_BYTES;
        if (load<u32>(value, 16) == fieldLength && ((word ^ load<u64>(value)) & load<u64>(value, 8)) == 0) {
          listed = true;
          break;
        }
      }
      if (listed == drop) return false;
      c += values * WORD_VALUE_BYTES;
    }
    return true;
  }
  let c = filterSpec + 8;
  for (let i: u32 = 0; i < checks; i++) {
    const field = <usize>load<u32>(c);
    const drop = load<u32>(c + 4) == 1;
    const values = load<u32>(c + 8);
    c += 12;
    const fs = <usize>load<u32>(FIELD_STARTS + (field << 2));
    const fe = <usize>load<u32>(FIELD_ENDS + (field << 2));
    let listed = false;
    for (let v: u32 = 0; v < values; v++) {
      const length = <usize>load<u32>(c);
      if (!listed && length == fe - fs) {
        let same = true;
        for (let k: usize = 0; k < length; k++) {
          if (load<u8>(fs + k) != load<u8>(c + 4 + k)) {
            same = false;
            break;
          }
        }
        listed = same;
      }
      c += 4 + ((length + 3) & ~3);
    }
    if (listed == drop) return false;
  }
  return true;
}

/**
 * Formats the events in [start, end) (start just after `"logEvents":[`). Event mode (raw = 0)
 * writes `{"time":<seconds.millis>` + head + the message as it is escaped + tail per event and
 * skips empty messages; Raw mode (raw = 1) writes the message's bytes and a newline. Returns
 * the bytes written at out, DECLINE, or NO_ROOM when outEnd is too close. With `filter`, each
 * message is a VPC flow log line that must pass the filters set by setFlowFilter first.
 */
export function format(start: usize, end: usize, raw: i32, filter: i32, head: usize, headLength: usize, tail: usize, tailLength: usize, out: usize, outEnd: usize): i32 {
  eventsIn = 0;
  eventsOut = 0;
  blankEvents = 0;
  filteredEvents = 0;
  unparsedLines = 0;
  countSpaces = filter != 0;
  let p = start;
  let w = out;
  if (p < end && byteAt(p) == CLOSE_BRACKET) {
    endPosition = p;
    return 0;
  }
  // Raw lines are written as the events are read (under the filters, a line they drop is then left behind).
  const copying = raw != 0;
  for (;;) {
    // A Raw line is shorter than its event: the rest of the input bounds what this one writes.
    if (copying && w + (end - p) + 1 > outEnd) return NO_ROOM;
    const next = parseEvent(p, end, copying ? w : 0);
    if (next == 0) return DECLINE;
    eventsIn++;
    const length = messageEnd - messageStart;
    if (filter) {
      // An escaped flow log line is not worth a special case: the general path takes it.
      if (messageEscaped) return DECLINE;
      if (!keepFlowLine(messageStart, messageEnd)) {
        filteredEvents++;
        if (next >= end) return DECLINE;
        const after = byteAt(next);
        if (after == COMMA) {
          p = next + 1;
          continue;
        }
        if (after != CLOSE_BRACKET) return DECLINE;
        endPosition = next;
        return <i32>(w - out);
      }
    }
    if (raw) {
      w = messageCopyEnd;
      store<u8>(w++, 0x0a);
      eventsOut++;
    } else if (length == 0) {
      blankEvents++;
    } else {
      if (w + 8 + 16 + headLength + length + tailLength > outEnd) return NO_ROOM;
      store<u64>(w, load<u64>(TIME_OPEN));
      w += 8;
      const secondsEnd = timeEnd - 3;
      copyAhead(w, timeStart, secondsEnd - timeStart);
      w += secondsEnd - timeStart;
      // Milliseconds without trailing zeros, and no point for a whole second: String(ms / 1000).
      let last = timeEnd;
      while (last > secondsEnd && byteAt(last - 1) == ZERO) last--;
      if (last > secondsEnd) {
        store<u8>(w++, 0x2e);
        for (let i = secondsEnd; i < last; i++) store<u8>(w++, load<u8>(i));
      }
      copyAhead(w, head, headLength);
      w += headLength;
      copyAhead(w, messageStart, length);
      w += length;
      copyAhead(w, tail, tailLength);
      w += tailLength;
      eventsOut++;
    }
    if (next >= end) return DECLINE;
    const separator = byteAt(next);
    if (separator == COMMA) {
      p = next + 1;
      continue;
    }
    if (separator != CLOSE_BRACKET) return DECLINE;
    endPosition = next;
    return <i32>(w - out);
  }
}
