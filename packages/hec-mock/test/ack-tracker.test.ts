import { expect, it } from '@jest/globals';
import { AckTracker, DEFAULT_ACK_OPTIONS } from '../src/acks/ack-tracker.js';

it('expires an idle channel exactly when it is next used, and sweeps the others without per-request scans', () => {
  let now = 0;
  const tracker = new AckTracker({ ...DEFAULT_ACK_OPTIONS, indexingDelayMs: 0, channelIdleTimeoutMs: 1000 }, () => now);
  tracker.issue('a');
  tracker.issue('b');
  now = 999;
  expect(tracker.query('a', [0])).toEqual({ '0': true });
  now = 1500;
  // 'b' has been idle for 1500 ms: its ack state is gone and its ids start again at 0.
  expect(tracker.query('b', [0])).toEqual({ '0': false });
  expect(tracker.issue('b')).toBe(0);
  now = 2600;
  expect(tracker.canAccept('c')).toBe(true);
  expect(tracker.channelCount).toBe(0);
});

it('counts ack ids from 0 per channel and forgets an ack once it was answered true', () => {
  let now = 0;
  const tracker = new AckTracker({ ...DEFAULT_ACK_OPTIONS, indexingDelayMs: 10 }, () => now);
  expect([tracker.issue('x'), tracker.issue('x'), tracker.issue('y')]).toEqual([0, 1, 0]);
  expect(tracker.query('x', [0, 1])).toEqual({ '0': false, '1': false });
  now = 10;
  expect(tracker.query('x', [0])).toEqual({ '0': true });
  expect(tracker.query('x', [0, 1])).toEqual({ '0': false, '1': true });
});
