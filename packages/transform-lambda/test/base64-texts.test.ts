import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { Base64Texts } from '../src/response/base64-texts.js';

const runs = Number(process.env.FAST_CHECK_RUNS ?? 100);

describe('Base64Texts', () => {
  it('gives each buffer exactly its own base64 text, whatever the sizes', () => {
    // Sizes around the 48 KiB pieces, the 1 MiB initial scratch, and where a text goes direct
    // (below 128 Ki characters: 98,304 bytes; above 1,031,913 characters: 773,934 bytes).
    const size = fc.oneof(
      fc.integer({ min: 0, max: 10 }),
      fc.integer({ min: 49_150, max: 49_155 }),
      fc.integer({ min: 98_300, max: 98_310 }),
      fc.integer({ min: 0, max: 300_000 }),
      { weight: 1, arbitrary: fc.integer({ min: 773_930, max: 773_940 }) },
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(size, fc.integer({ min: 0, max: 255 })), { maxLength: 12 }), (specs) => {
        const buffers = specs.map(([n, seed]) => Buffer.from(Array.from({ length: n }, (_, i) => (i * 31 + seed) & 0xff)));
        const texts = new Base64Texts(1024);
        const ids = buffers.map((b) => texts.add(b));
        const out = texts.finish();
        expect(ids).toEqual(buffers.map((_, i) => i));
        expect(out).toEqual(buffers.map((b) => b.toString('base64')));
      }),
      { numRuns: Math.min(runs, 50) },
    );
  });

  it("takes the caller's own encoding for texts between the thresholds, and refuses one of the wrong length", () => {
    const sizes = [10, 98_300, 150_000, 500_000, 773_940];
    const buffers = sizes.map((n) => Buffer.from(Array.from({ length: n }, (_, i) => (i * 7 + n) & 0xff)));
    const texts = new Base64Texts(1024);
    let calls = 0;
    for (const b of buffers) {
      texts.add(b, () => {
        calls++;
        return Buffer.from(b.toString('base64'), 'latin1');
      });
    }
    expect(texts.finish()).toEqual(buffers.map((b) => b.toString('base64')));
    // Only the two between 128 Ki and 1,031,913 characters.
    expect(calls).toBe(2);
    const wrong = new Base64Texts(1024);
    expect(() => wrong.add(buffers[2]!, () => Buffer.from('AAAA'))).toThrow(expect.objectContaining({ code: 'BASE64_TEXTS_MISUSE' }));
  });

  it("keeps a text the caller made, at any size, in order with the rest, and refuses one of the wrong length", () => {
    const buffers = [Buffer.from('line one\n'), Buffer.alloc(150_000, 7), Buffer.from('line three\n')];
    const texts = new Base64Texts(1024);
    texts.add(buffers[0]!, buffers[0]!.toString('base64'));
    texts.add(buffers[1]!);
    texts.add(buffers[2]!, buffers[2]!.toString('base64'));
    expect(texts.finish()).toEqual(buffers.map((b) => b.toString('base64')));
    const wrong = new Base64Texts(1024);
    expect(() => wrong.add(buffers[0]!, 'AAAA')).toThrow(expect.objectContaining({ code: 'BASE64_TEXTS_MISUSE' }));
  });

  it('sends mid-size texts to the segments once the direct ones held are large, and stays exact', () => {
    // 40 texts of 67 K characters: the first ones direct, the rest, past the direct limit, encoded
    // by the caller into segments; small and large texts stay direct whatever is held.
    const buffers = Array.from({ length: 40 }, (_, i) => Buffer.alloc(50_000, i + 1));
    buffers.push(Buffer.from('small, after'), Buffer.alloc(800_000, 9));
    const texts = new Base64Texts(1024);
    const encodedFor: number[] = [];
    buffers.forEach((b, i) =>
      texts.add(b, () => {
        encodedFor.push(i);
        return Buffer.from(b.toString('base64'), 'latin1');
      }),
    );
    expect(texts.finish()).toEqual(buffers.map((b) => b.toString('base64')));
    expect(encodedFor.length).toBeGreaterThan(0);
    expect(encodedFor[0]).toBeGreaterThan(0);
    // Once past the limit, every later mid-size text goes to the segments (the small one and the
    // one past Node's external threshold never do).
    const first = encodedFor[0]!;
    expect(encodedFor).toEqual(Array.from({ length: 40 - first }, (_, k) => first + k));
  });

  it('stays exact across the segments a large response is cut into', () => {
    const buffers = Array.from({ length: 30 }, (_, i) => Buffer.alloc(200_000 + i, i + 1));
    const texts = new Base64Texts();
    for (const b of buffers) texts.add(b);
    expect(texts.finish()).toEqual(buffers.map((b) => b.toString('base64')));
  });

  it('keeps texts right when two collections are open at once and the scratch is reused', () => {
    const a = new Base64Texts();
    const b = new Base64Texts();
    a.add(Buffer.from('first invocation'));
    b.add(Buffer.from('second, interleaved'));
    a.add(Buffer.alloc(200_000, 7));
    expect(a.finish()).toEqual([Buffer.from('first invocation').toString('base64'), Buffer.alloc(200_000, 7).toString('base64')]);
    const c = new Base64Texts(); // takes the scratch a returned
    c.add(Buffer.from('overwrites the scratch'));
    expect(c.finish()).toEqual([Buffer.from('overwrites the scratch').toString('base64')]);
    expect(b.finish()).toEqual([Buffer.from('second, interleaved').toString('base64')]);
  });

  it('refuses use after finish rather than returning stale text', () => {
    const texts = new Base64Texts();
    texts.finish();
    expect(() => texts.add(Buffer.from('late'))).toThrow(expect.objectContaining({ code: 'BASE64_TEXTS_MISUSE' }));
    expect(() => texts.finish()).toThrow(expect.objectContaining({ code: 'BASE64_TEXTS_MISUSE' }));
  });
});
