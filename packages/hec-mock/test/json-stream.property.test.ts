import { expect, it } from '@jest/globals';
import fc from 'fast-check';
import { splitConcatenatedJson } from '../src/collector/json-stream.js';

const eventArb = fc.record({
  event: fc.oneof(fc.string({ unit: 'binary', maxLength: 30 }), fc.dictionary(fc.string({ maxLength: 5 }), fc.oneof(fc.string({ maxLength: 10 }), fc.integer()))),
  time: fc.option(fc.integer({ min: 0, max: 2e9 }), { nil: undefined }),
  sourcetype: fc.option(fc.constantFrom('a', 'b}{', '{"x":1}'), { nil: undefined }),
});
const separatorArb = fc.constantFrom('', '\n', '\r\n', ' ', '\n\n', '\t');

it('reads back any sequence of HEC events, whatever the white space between them', () => {
  fc.assert(
    fc.property(fc.array(eventArb, { maxLength: 20 }), fc.array(separatorArb, { minLength: 21, maxLength: 21 }), fc.boolean(), (events, separators, pretty) => {
      const texts = events.map((e) => JSON.stringify(e, null, pretty ? 2 : undefined));
      const body = texts.map((text, i) => `${separators[i]}${text}`).join('') + separators[20];
      const result = splitConcatenatedJson(body);
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      expect(result.values).toEqual(JSON.parse(JSON.stringify(events)));
      // Each size is its object's text, give or take the white space on its line (maxEventSize is checked on it).
      result.sizes.forEach((size, i) => {
        expect(size).toBeGreaterThanOrEqual(texts[i]!.length);
        expect(size).toBeLessThanOrEqual(texts[i]!.length + 4);
      });
    }),
    { numRuns: Number(process.env.FAST_CHECK_RUNS ?? 300) },
  );
});

it('names the first broken event and keeps exactly the ones before it', () => {
  fc.assert(
    fc.property(fc.array(eventArb, { minLength: 1, maxLength: 15 }), fc.nat(), fc.constantFrom('{"event":', '{"event":"x"', '{event:1}', '}'), (events, at, broken) => {
      const k = at % events.length;
      const parts = events.map((e) => JSON.stringify(e));
      parts[k] = broken;
      const result = splitConcatenatedJson(parts.join('\n'));
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.badIndex).toBe(k);
        expect(result.valuesBefore).toEqual(JSON.parse(JSON.stringify(events.slice(0, k))));
      }
    }),
    { numRuns: Number(process.env.FAST_CHECK_RUNS ?? 300) },
  );
});
