import { Base64TextsMisuseError } from '../errors.js';

// Base64 text of many buffers as slices of one string.
//
// V8 puts every string over 128 KiB in its large-object space, one fresh mapping per string:
// on the bench machine `buf.toString('base64')` runs at ~1 GB/s for outputs past ~96 KiB and at
// ~12 GB/s below. A record's output is often past it. Here the text is encoded into one scratch
// buffer (by the caller's own encoder where it has one, the record pipeline's in WebAssembly,
// else by Node's in small pieces), turned into one string (external past ~1 MB, so no
// large-object allocation at all), and each record gets a slice of it: V8 makes a slice a view,
// not a copy, and JSON.stringify reads a view without flattening it.

// 3-byte aligned, so pieces concatenate to exactly the whole's base64; 64 KiB of text each.
const PIECE_BYTES = 3 * 16 * 1024;
// Text is turned into a string every few MB: one string of tens of MB is a fresh mapping (and
// its page faults) on every invocation, where a few MB is memory malloc hands back again. Node
// copies each such string into its own malloc block; measured on Node 22 here (256 KB of mixed
// logs, Event mode, about 3.4 MB of text, raced with the blueprint as the bench does), 4 MB
// segments left about half the invocations with 650 to 740 page faults and 6.2 ms against 5.0
// (glibc mapping each block anew), 2 MB ones none of that (median 5.1 to 5.2 ms, two runs),
// 1.1 MB ones 5.35. At 1 MB of mixed logs the three were alike.
const SEGMENT_BYTES = 2 * 1024 * 1024;
// A scratch buffer bigger than this (one record's text past it) is not kept between invocations.
const KEEP_AT_MOST = 64 * 1024 * 1024;
// Where `toString('base64')` is fast on its own, measured on Node 22 and 20 here: a text under
// V8's largest regular heap object (128 KiB) is made at 3 to 6 GB/s, one past Node's external
// string threshold (EXTERN_APEX, 1,031,913 characters in src/string_bytes.cc) at ~12 GB/s; in
// between it runs at ~0.9 GB/s, and only there do the pieces below pay (2.2 to 2.7 GB/s). For a
// 16 KiB output the pieces ran at 1.1 GB/s against 3.2 direct.
const DIRECT_BELOW_CHARS = 128 * 1024;
const DIRECT_ABOVE_CHARS = 0xfbee9;
// Direct strings live in V8's young generation until the response is sent, and every scavenge
// copies them: once an invocation holds this much direct text, texts from LIVE_FROM_CHARS up go
// to the segments too. Measured on Node 22 here (raced as the bench races): mixed logs at 1 MB in
// Raw mode, whose 91 texts of about 80 K characters made the collector 10% of the time, went
// from 1.97 to 1.86x bare gunzip with every text from 32 Ki in segments, while flow logs at 256
// KB in Raw mode (1.8 MB of text) went from 1.35 to 1.48x: so only past this much.
const DIRECT_LIVE_LIMIT_CHARS = 2 * 1024 * 1024;
const LIVE_FROM_CHARS = 32 * 1024;

let idleScratch: Buffer | undefined;

/**
 * Collects base64 text for buffers added one by one; `finish()` returns the texts in order.
 * Equivalent to `buffers.map((b) => b.toString('base64'))`.
 */
export class Base64Texts {
  private scratch: Buffer;
  private used = 0;
  /** Position in `texts` and end in the scratch of each pending text, since the last segment was sealed. */
  private readonly pending: Array<{ index: number; end: number }> = [];
  private readonly texts: string[] = [];
  private finished = false;
  /** Characters of the direct strings made so far (external ones past Node's threshold aside). */
  private directChars = 0;

  constructor(initialBytes = 1024 * 1024) {
    // One invocation at a time owns the kept scratch; a second one open at once gets its own.
    if (idleScratch !== undefined && idleScratch.length >= initialBytes) {
      this.scratch = idleScratch;
      idleScratch = undefined;
    } else {
      this.scratch = Buffer.allocUnsafeSlow(initialBytes);
    }
  }

  /**
   * Encodes `bytes` now (the buffer may be reused afterwards); returns its position for
   * `finish()`. `encoded`, where the caller can encode the same bytes itself (the record
   * pipeline, in WebAssembly), gives their base64 text as latin1 bytes: used for texts between
   * the two thresholds, in place of Node's encoder in pieces (whose piece strings were about a
   * tenth of a mixed invocation's garbage). A string is the text itself, made by the caller
   * (the direct flow log lane, one short line a record): it is kept as it is.
   */
  add(bytes: Uint8Array, encoded?: (() => Uint8Array) | string): number {
    if (this.finished) throw new Base64TextsMisuseError('add after finish');
    const textLength = Math.ceil(bytes.length / 3) * 4;
    const index = this.texts.length;
    if (typeof encoded === 'string') {
      if (encoded.length !== textLength) throw new Base64TextsMisuseError(`the text has ${encoded.length} characters where ${textLength} were due`);
      this.texts.push(encoded);
      return index;
    }
    const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const direct = textLength > DIRECT_ABOVE_CHARS || (textLength < DIRECT_BELOW_CHARS && (textLength < LIVE_FROM_CHARS || this.directChars < DIRECT_LIVE_LIMIT_CHARS));
    if (direct) {
      this.texts.push(buffer.toString('base64'));
      if (textLength <= DIRECT_ABOVE_CHARS) this.directChars += textLength;
      return index;
    }
    this.texts.push('');
    if (this.used > 0 && this.used + textLength > SEGMENT_BYTES) this.seal();
    this.reserve(textLength);
    if (encoded !== undefined) {
      const text = encoded();
      if (text.length !== textLength) throw new Base64TextsMisuseError(`the encoded text has ${text.length} characters where ${textLength} were due`);
      this.scratch.set(text, this.used);
      this.used += textLength;
    } else {
      for (let start = 0; start < buffer.length; start += PIECE_BYTES) {
        const piece = buffer.toString('base64', start, Math.min(buffer.length, start + PIECE_BYTES));
        this.used += this.scratch.write(piece, this.used, 'latin1');
      }
    }
    this.pending.push({ index, end: this.used });
    return index;
  }

  /** The base64 text of every added buffer, in the order added. */
  finish(): string[] {
    if (this.finished) throw new Base64TextsMisuseError('finish called twice');
    this.finished = true;
    this.seal();
    if (this.scratch.length <= KEEP_AT_MOST) idleScratch = this.scratch;
    return this.texts;
  }

  /** Makes the pending text one string and each pending record's text a slice of it. */
  private seal(): void {
    if (this.pending.length === 0) return;
    const whole = this.scratch.toString('latin1', 0, this.used);
    let start = 0;
    for (const { index, end } of this.pending) {
      this.texts[index] = whole.slice(start, end);
      start = end;
    }
    this.pending.length = 0;
    this.used = 0;
  }

  private reserve(extra: number): void {
    const needed = this.used + extra;
    if (needed <= this.scratch.length) return;
    const grown = Buffer.allocUnsafeSlow(Math.max(needed, this.scratch.length * 2));
    this.scratch.copy(grown, 0, 0, this.used);
    this.scratch = grown;
  }
}
