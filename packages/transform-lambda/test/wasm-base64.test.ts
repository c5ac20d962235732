import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { TransformWasm } from '../src/wasm/instance.js';

/** The WebAssembly base64 encoder (assembly/base64.ts) against Node's, on any bytes of any length. */
describe('base64 in WebAssembly', () => {
  const wasm = new TransformWasm();
  const at = wasm.heapStart;

  const encode = (bytes: Uint8Array): string => {
    const textAt = at + bytes.length + 64;
    wasm.ensure(textAt + Math.ceil(bytes.length / 3) * 4 + 64);
    wasm.bytes().set(bytes, at);
    const written = wasm.exports.base64Encode(at, bytes.length, textAt);
    return wasm.bytes().toString('latin1', textAt, textAt + written);
  };

  it("writes exactly Node's text, padding included, for every length and byte", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
        expect(encode(bytes)).toBe(Buffer.from(bytes).toString('base64'));
      }),
      { numRuns: 3000 },
    );
  });

  it('covers the whole alphabet and lengths around its 12- and 24-byte steps', () => {
    const all = Buffer.from(Array.from({ length: 768 }, (_, i) => (i * 97 + (i >> 8)) & 0xff));
    for (let n = 0; n <= 80; n++) expect(encode(all.subarray(0, n))).toBe(all.subarray(0, n).toString('base64'));
    expect(encode(all)).toBe(all.toString('base64'));
    const big = Buffer.from(Array.from({ length: 200_003 }, (_, i) => (i * 31 + 7) & 0xff));
    expect(encode(big)).toBe(big.toString('base64'));
  });
});
