import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { ESCAPED_CLOUDTRAIL_KEYS, holdsEscapedCloudTrailKeys } from '../src/routing/sourcetype-detection.js';
import { TransformWasm } from '../src/wasm/instance.js';

/**
 * The scanner's search for the escaped CloudTrail keys (assembly/escaped-keys.ts) against the
 * plain one (String.prototype.includes): byte for byte the same answer, whatever lies around
 * the text (bytes past its end that would complete a key must not count).
 */
describe('the escaped-key search in WebAssembly', () => {
  const wasm = new TransformWasm();
  const at = wasm.heapStart + 64;
  wasm.ensure(at + (1 << 16));

  const search = (text: string, after: string): boolean => {
    const bytes = Buffer.from(text, 'latin1');
    const memory = wasm.bytes();
    memory.fill(0x78, at - 64, at + bytes.length + 64);
    memory.write(text, at, 'latin1');
    memory.write(after, at + bytes.length, 'latin1');
    return wasm.exports.holdsEscapedCloudTrailKeys(at, at + bytes.length) === 1;
  };

  const fragment = fc.oneof(
    fc.constantFrom(...ESCAPED_CLOUDTRAIL_KEYS),
    fc.constantFrom(...ESCAPED_CLOUDTRAIL_KEYS).chain((key) => fc.nat(key.length - 1).map((n) => key.slice(0, n))),
    fc.constantFrom(...ESCAPED_CLOUDTRAIL_KEYS).chain((key) => fc.nat(key.length - 1).map((n) => key.slice(n))),
    fc.constantFrom('{', '\\"', 'ev', 'aw', '"eventVersion"', ':', ','),
    fc.string({ maxLength: 20 }),
  );

  it('answers as String.prototype.includes does, on text of keys, pieces of keys and anything else', () => {
    fc.assert(
      fc.property(fc.array(fragment, { maxLength: 24 }), fc.constantFrom('', ...ESCAPED_CLOUDTRAIL_KEYS.map((k) => k.slice(3))), (pieces, after) => {
        const text = Buffer.from(pieces.join(''), 'utf8').toString('latin1');
        expect(search(text, after)).toBe(holdsEscapedCloudTrailKeys(text));
      }),
      { numRuns: 3000 },
    );
  });

  it('finds the keys at the very start and the very end of the text, and not past it', () => {
    const all = ESCAPED_CLOUDTRAIL_KEYS.join('');
    expect(search(all, '')).toBe(true);
    expect(search(`{${'x'.repeat(37)}${all}`, '')).toBe(true);
    expect(search(all.slice(0, -1), '"')).toBe(false);
    expect(search('', '')).toBe(false);
  });
});
