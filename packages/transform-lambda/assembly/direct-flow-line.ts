// AssemblyScript: flow log records delivered straight to Firehose, `{"message":"<line>"}`
// (src/format/wasm-direct-flow-line.ts). The record is already base64-decoded into memory;
// here its shape and line are checked and its HEC output, with that output's base64 text,
// written beside it. Raw mode is one call (directRawLine). Event mode is two: directEventFields
// finds the line's account, interface and start, JS resolves the Splunk metadata those name
// (cached per account and interface), and directEventLine writes `{"time":<start>` + head +
// line + tail and its base64. Measured on Node 22 here, the same work in JS (a Buffer per
// record, a byte loop or regular expression for control characters, isUtf8, strings for the
// line and the output, Node's encoder for a short text) took most of the 0.8 (Raw) and 1.4
// (Event) µs a line cost.

import { base64Encode } from './base64';
import { copyAhead } from './copy-ahead';

/** `{"message":"` is 12 bytes: its first 8 and last 4 as little-endian words. */
const OPEN_LENGTH: usize = 12;
const OPEN_LOW: u64 = 0x67617373656d227b; // {"messag
const OPEN_HIGH: u32 = 0x223a2265; // e":"
const QUOTE: u8 = 0x22;
const BACKSLASH: u8 = 0x5c;
const CLOSE_BRACE: u8 = 0x7d;
const OPEN_BRACE: u8 = 0x7b;
const NEWLINE: u8 = 0x0a;
const SPACE: u8 = 0x20;
const ZERO: u8 = 0x30;
/** Bytes past 0x7e: DEL and non-ASCII. The JS path reads those (UTF-8 checks, U+FFFD). */
const PAST_ASCII: u8 = 0x7f;
/** `{"time":`, before an Event line's time, as a little-endian word. */
const TIME_OPEN: u64 = 0x3a22656d6974227b;
/** The longest `start` written as it is: PLAIN_SECONDS in direct-flow-log-formatter.ts. */
const MAX_START_DIGITS: usize = 12;
/** The spans directEventFields writes: account, interface and start, each as start and end. */
const SPAN_BYTES: usize = 24;

/**
 * True when a byte in [from, to) is a quote, a backslash (both need JSON's unescaping), a
 * control character (JSON allows none unescaped) or not printable ASCII.
 */
function holdsAnythingButPlainAscii(from: usize, to: usize): bool {
  const quote = i8x16.splat(QUOTE);
  const backslash = i8x16.splat(BACKSLASH);
  const space = i8x16.splat(SPACE);
  // v - 0x20 (wrapping) is at least 0x5f for a byte below 0x20 or past 0x7e.
  const printableSpan = i8x16.splat(PAST_ASCII - SPACE - 1);
  let i = from;
  for (; i + 16 <= to; i += 16) {
    const v = v128.load(i);
    const outside = i8x16.gt_u(i8x16.sub(v, space), printableSpan);
    if (v128.any_true(v128.or(outside, v128.or(i8x16.eq(v, quote), i8x16.eq(v, backslash))))) return true;
  }
  for (; i < to; i++) {
    const c = load<u8>(i);
    if (c < SPACE || c >= PAST_ASCII || c == QUOTE || c == BACKSLASH) return true;
  }
  return false;
}

/**
 * The end of the line in the n record bytes at src, when they are `{"message":"<line>"}` with a
 * line of printable ASCII other than quote and backslash; 0 otherwise.
 */
function plainLineEnd(src: usize, n: usize): usize {
  if (n < OPEN_LENGTH + 2) return 0;
  if (load<u64>(src) != OPEN_LOW || load<u32>(src + 8) != OPEN_HIGH) return 0;
  const end = src + n - 2;
  if (load<u8>(end) != QUOTE || load<u8>(end + 1) != CLOSE_BRACE) return 0;
  if (holdsAnythingButPlainAscii(src + OPEN_LENGTH, end)) return 0;
  return end;
}

/**
 * Raw mode: when the n record bytes at src are a plain line (plainLineEnd), writes the base64
 * text of `<line>\n` to dst and returns its length (the newline overwrites the closing quote);
 * else -1, and nothing is written. dst must not overlap [src, src + n).
 */
export function directRawLine(src: usize, n: usize, dst: usize): isize {
  const end = plainLineEnd(src, n);
  if (end == 0) return -1;
  store<u8>(end, NEWLINE);
  return <isize>base64Encode(src + OPEN_LENGTH, n - OPEN_LENGTH - 1, dst);
}

/**
 * Event mode, first half: when the n record bytes at src are a plain, non-blank line
 * (plainLineEnd) that starts with neither a space nor `{` (JSON_MESSAGE_AS_OBJECT's test, left
 * to JS), has exactly fieldCount space-separated fields, and whose field `start` is epoch
 * seconds as they are written in an HEC time (1 to 12 digits, no leading zero), writes the
 * spans of fields `account`, `iface` and `start` to spans (u32 start and end each; an index
 * past the line gives an empty span) and returns 0; else -1.
 */
export function directEventFields(src: usize, n: usize, fieldCount: u32, account: u32, iface: u32, start: u32, spans: usize): i32 {
  const end = plainLineEnd(src, n);
  if (end == 0) return -1;
  const line = src + OPEN_LENGTH;
  if (line == end) return -1;
  const first = load<u8>(line);
  if (first == SPACE || first == OPEN_BRACE) return -1;
  memory.fill(spans, 0, SPAN_BYTES);
  // Fields by their spaces: a 16-byte mask at a time, each space closing field `field`.
  let field: u32 = 0;
  let fieldStart = line;
  const space = i8x16.splat(SPACE);
  let i = line;
  for (; i < end; i += 16) {
    let mask = <u32>i8x16.bitmask(i8x16.eq(v128.load(i), space));
    // Bytes past the line are not its spaces.
    if (i + 16 > end) mask &= (<u32>1 << <u32>(end - i)) - 1;
    while (mask != 0) {
      const at = i + <usize>ctz(mask);
      mask &= mask - 1;
      recordSpan(field, fieldStart, at, account, iface, start, spans);
      field++;
      fieldStart = at + 1;
    }
  }
  recordSpan(field, fieldStart, end, account, iface, start, spans);
  if (field + 1 != fieldCount) return -1;
  const startFrom = <usize>load<u32>(spans, 16);
  const digits = <usize>load<u32>(spans, 20) - startFrom;
  if (digits == 0 || digits > MAX_START_DIGITS || load<u8>(startFrom) == ZERO) return -1;
  for (let k: usize = 0; k < digits; k++) if (<u32>(load<u8>(startFrom + k) - ZERO) > 9) return -1;
  return 0;
}

@inline
function recordSpan(field: u32, from: usize, to: usize, account: u32, iface: u32, start: u32, spans: usize): void {
  if (field == account) {
    store<u32>(spans, <u32>from);
    store<u32>(spans, <u32>to, 4);
  } else if (field == iface) {
    store<u32>(spans, <u32>from, 8);
    store<u32>(spans, <u32>to, 12);
  } else if (field == start) {
    store<u32>(spans, <u32>from, 16);
    store<u32>(spans, <u32>to, 20);
  }
}

/**
 * Event mode, second half, after directEventFields on the same record: writes
 * `{"time":<start>` + the head + the line + the tail at out, then that line's base64 text at
 * text; returns the text's length. The caller knows the line's length (8 + start digits +
 * headLength + line + tailLength) and leaves 16 bytes of slack after out's room.
 */
export function directEventLine(src: usize, n: usize, spans: usize, head: usize, headLength: usize, tail: usize, tailLength: usize, out: usize, text: usize): usize {
  const startFrom = <usize>load<u32>(spans, 16);
  const digits = <usize>load<u32>(spans, 20) - startFrom;
  let w = out;
  store<u64>(w, TIME_OPEN);
  w += 8;
  // At most 12 digits: one 16-byte copy, the rest overwritten by the head.
  v128.store(w, v128.load(startFrom));
  w += digits;
  copyAhead(w, head, headLength);
  w += headLength;
  const lineLength = n - OPEN_LENGTH - 2;
  copyAhead(w, src + OPEN_LENGTH, lineLength);
  w += lineLength;
  copyAhead(w, tail, tailLength);
  w += tailLength;
  return base64Encode(out, w - out, text);
}
