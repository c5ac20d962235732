import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { constants, crc32, deflateRawSync, gunzipSync, gzipSync } from 'node:zlib';
import { TransformWasm } from '../src/wasm/instance.js';

/**
 * The gunzip written in AssemblyScript (assembly/gunzip.ts) against zlib: the same bytes for
 * every stream zlib writes, and never an answer where zlib has another (a corrupt stream is
 * declined, or gives exactly what zlib gives).
 */
const wasm = new TransformWasm();
const DECLINE = -1;

/** Gunzips with the WebAssembly code as the record pipeline does, CRC-32 checked; undefined when it declines. */
function wasmGunzip(compressed: Buffer, room = compressed.length >= 4 ? compressed.readUInt32LE(compressed.length - 4) : 0): Buffer | undefined {
  const inAt = wasm.heapStart;
  const outAt = inAt + compressed.length + 16;
  wasm.ensure(outAt + room + 16);
  wasm.bytes().set(compressed, inAt);
  const written = wasm.exports.gunzip(inAt, inAt + compressed.length, outAt, outAt + room);
  if (written < 0) return undefined;
  const output = Buffer.from(wasm.bytes().subarray(outAt, outAt + written));
  return crc32(output) === compressed.readUInt32LE(compressed.length - 8) ? output : undefined;
}

function zlibGunzip(compressed: Buffer): Buffer | undefined {
  try {
    return gunzipSync(compressed);
  } catch {
    return undefined;
  }
}

/** Text that compresses like logs: repeated words, JSON, some noise. */
const logText = fc.array(
  fc.oneof(
    fc.constantFrom('{"level":"INFO","msg":"', 'GET /api/v1/orders 200 ', '2 123456789012 eni-0a1b2c3d4e5f60718 ', 'ACCEPT OK\n', 'Grüße 😀 ', '"}\n'),
    fc.string({ maxLength: 20 }),
    fc.uint8Array({ maxLength: 40 }).map((b) => Buffer.from(b).toString('latin1')),
  ),
  { maxLength: 200 },
).map((parts) => Buffer.from(parts.join(''), 'utf8'));

/** Every block kind zlib writes: stored (level 0), fixed and dynamic Huffman, RLE, Huffman-only. */
const options = fc.record({
  level: fc.integer({ min: 0, max: 9 }),
  strategy: fc.constantFrom(constants.Z_DEFAULT_STRATEGY, constants.Z_FILTERED, constants.Z_HUFFMAN_ONLY, constants.Z_RLE, constants.Z_FIXED),
  memLevel: fc.integer({ min: 1, max: 9 }),
});

describe('the WebAssembly gunzip', () => {
  it('gives exactly what zlib gives for every stream zlib writes', () => {
    fc.assert(
      fc.property(logText, options, (text, opts) => {
        const compressed = gzipSync(text, opts);
        expect(wasmGunzip(compressed)?.equals(text)).toBe(true);
      }),
      { numRuns: 600 },
    );
  });

  it('handles long matches, overlapping copies, stored blocks past 64 KiB and empty input', () => {
    for (const text of [Buffer.alloc(0), Buffer.alloc(100_000, 'a'), Buffer.from('ab'.repeat(40_000)), Buffer.from(Array.from({ length: 70_000 }, (_, i) => (i * 7919) % 251))]) {
      for (const level of [0, 1, 9]) expect(wasmGunzip(gzipSync(text, { level }))?.equals(text)).toBe(true);
    }
  });

  it('never answers where zlib answers otherwise: a corrupted stream is declined or decoded exactly as zlib does', () => {
    fc.assert(
      fc.property(logText, options, fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 4 }), (text, opts, flips) => {
        const compressed = gzipSync(text, opts);
        for (const [at, xor] of flips) compressed[at % compressed.length]! ^= xor;
        const ours = wasmGunzip(compressed);
        if (ours !== undefined) expect(ours.equals(zlibGunzip(compressed) ?? Buffer.from('zlib refused it'))).toBe(true);
      }),
      { numRuns: 1500 },
    );
  });

  it('declines truncated streams, trailing bytes, a second member, an ISIZE that lies and unknown header flags', () => {
    const text = Buffer.from('hello hello hello hello '.repeat(50));
    const good = gzipSync(text);
    expect(wasmGunzip(good.subarray(0, good.length - 3), text.length)).toBeUndefined();
    expect(wasmGunzip(Buffer.concat([good, Buffer.from([0])]), text.length)).toBeUndefined();
    expect(wasmGunzip(Buffer.concat([good, good]), text.length * 2)).toBeUndefined();
    const lying = Buffer.from(good);
    lying.writeUInt32LE(text.length - 1, lying.length - 4);
    expect(wasmGunzip(lying)).toBeUndefined();
    const flagged = Buffer.from(good);
    flagged[3] = 0x20;
    expect(wasmGunzip(flagged)).toBeUndefined();
  });

  it('reads the optional header fields (extra, name, comment) and leaves a header CRC to zlib', () => {
    const text = Buffer.from('payload with a named member');
    const deflated = deflateRawSync(text);
    const trailer = Buffer.alloc(8);
    trailer.writeUInt32LE(crc32(text), 0);
    trailer.writeUInt32LE(text.length, 4);
    const header = Buffer.from([0x1f, 0x8b, 8, 4 | 8 | 16, 0, 0, 0, 0, 0, 3, 3, 0, 1, 2, 3, ...Buffer.from('name\0comment\0')]);
    const member = Buffer.concat([header, deflated, trailer]);
    expect(zlibGunzip(member)?.equals(text)).toBe(true);
    expect(wasmGunzip(member)?.equals(text)).toBe(true);
    const withHeaderCrc = Buffer.concat([Buffer.from([0x1f, 0x8b, 8, 2, 0, 0, 0, 0, 0, 3]), Buffer.alloc(2), deflated, trailer]);
    withHeaderCrc.writeUInt16LE(crc32(withHeaderCrc.subarray(0, 10)) & 0xffff, 10);
    expect(zlibGunzip(withHeaderCrc)?.equals(text)).toBe(true);
    expect(wasmGunzip(withHeaderCrc)).toBeUndefined();
  });

  it('reads a run of code lengths that crosses from the literal/length code into the distance code', () => {
    // zlib never writes one (it describes the two codes apart); RFC 1951 allows it (§3.2.7: the
    // code lengths "form a single sequence"). A dynamic block by hand: 259 literal/length codes
    // ('a', end of block, lengths 3 and 4, all of 2 bits) and 4 distance codes of 2 bits; one
    // run (code 16) repeats the 2 of end-of-block over 257, 258 and all four distance lengths.
    const out = new BitWriter();
    out.bits(1, 1); // final block
    out.bits(2, 2); // dynamic Huffman codes
    out.bits(259 - 257, 5);
    out.bits(4 - 1, 5);
    out.bits(16 - 4, 4);
    // Code length code lengths, in RFC order 16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2:
    // 2 gets 1 bit (code 0), 16 and 18 get 2 bits (codes 10, 11).
    for (const length of [2, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]) out.bits(length, 3);
    out.code(0b11, 2).bits(97 - 11, 7); // 0 to 96: zeros
    out.code(0b0, 1); // 'a' (97): 2 bits
    out.code(0b11, 2).bits(138 - 11, 7); // 98 to 235: zeros (138 at most a run)
    out.code(0b11, 2).bits(20 - 11, 7); // 236 to 255: zeros
    out.code(0b0, 1); // end of block (256): 2 bits
    out.code(0b10, 2).bits(6 - 3, 2); // 257, 258 and distance codes 0 to 3: 2 bits, as the previous
    // Codes of 2 bits in symbol order: 'a' 00, end 01, length 3 (257) 10; distance 1 (code 0) 00.
    out.code(0b00, 2);
    for (let i = 0; i < 100; i++) out.code(0b10, 2).code(0b00, 2);
    out.code(0b01, 2);
    const raw = out.finish();
    const text = Buffer.alloc(301, 'a');
    const member = Buffer.concat([Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]), raw, u32le(crc32(text)), u32le(text.length)]);
    expect(zlibGunzip(member)).toEqual(text);
    expect(wasmGunzip(member)).toEqual(text);
  });

  it('says when the room it was given is too small, without writing past it', () => {
    const text = Buffer.from('x'.repeat(1000));
    const compressed = gzipSync(text);
    const inAt = wasm.heapStart;
    const outAt = inAt + compressed.length + 16;
    wasm.ensure(outAt + 2000);
    wasm.bytes().set(compressed, inAt);
    wasm.bytes().fill(0x55, outAt + 500, outAt + 600);
    expect(wasm.exports.gunzip(inAt, inAt + compressed.length, outAt, outAt + 500)).toBe(-2);
    expect(wasm.bytes().subarray(outAt + 500, outAt + 600).every((b) => b === 0x55)).toBe(true);
    expect(DECLINE).toBe(-1);
  });
});

/** DEFLATE's bit order: values least significant bit first, Huffman codes most significant bit first. */
class BitWriter {
  private readonly bytes: number[] = [];
  private current = 0;
  private used = 0;

  bits(value: number, count: number): this {
    for (let i = 0; i < count; i++) this.bit((value >> i) & 1);
    return this;
  }

  code(code: number, length: number): this {
    for (let i = length - 1; i >= 0; i--) this.bit((code >> i) & 1);
    return this;
  }

  finish(): Buffer {
    if (this.used > 0) this.bytes.push(this.current);
    return Buffer.from(this.bytes);
  }

  private bit(b: number): void {
    this.current |= b << this.used;
    if (++this.used === 8) {
      this.bytes.push(this.current);
      this.current = 0;
      this.used = 0;
    }
  }
}

function u32le(value: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(value >>> 0);
  return b;
}
