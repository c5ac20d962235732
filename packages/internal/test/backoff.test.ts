import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { backoffCeilingMs, backoffDelayMs } from '../src/backoff.js';

describe('backoff', () => {
  it('doubles from the base and stops at the cap', () => {
    const policy = { baseMs: 100, maxMs: 500, jitter: 'none' as const };
    expect([1, 2, 3, 4, 5].map((a) => backoffDelayMs(a, policy))).toEqual([100, 200, 400, 500, 500]);
  });

  it('with full jitter stays below the ceiling', () => {
    const policy = { baseMs: 100, maxMs: 500, jitter: 'full' as const };
    expect([1, 2, 3, 4, 5].map((a) => backoffDelayMs(a, policy, () => 0.999999))).toEqual([99, 199, 399, 499, 499]);
    expect(backoffDelayMs(3, policy, () => 0)).toBe(0);
  });

  it('never exceeds the cap or goes negative, whatever the attempt', () => {
    fc.assert(
      fc.property(fc.integer({ min: -5, max: 2000 }), fc.nat(10_000), fc.nat(100_000), fc.double({ min: 0, max: 0.9999999, noNaN: true }), (attempt, base, max, r) => {
        const full = backoffDelayMs(attempt, { baseMs: base, maxMs: max, jitter: 'full' }, () => r);
        expect(full).toBeGreaterThanOrEqual(0);
        expect(full).toBeLessThanOrEqual(Math.min(max, backoffCeilingMs(attempt, { baseMs: base, maxMs: max })));
      }),
    );
  });
});

describe('seededRandom', () => {
  it('repeats for a seed, differs between seeds, stays in [0, 1)', async () => {
    const { seededRandom } = await import('../src/seeded-random.js');
    const take = (seed: number) => Array.from({ length: 1000 }, seededRandom(seed));
    expect(take(7)).toEqual(take(7));
    expect(take(7)).not.toEqual(take(8));
    expect(take(0).every((x) => x >= 0 && x < 1)).toBe(true);
  });
});
