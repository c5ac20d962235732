import { describe, expect, it } from '@jest/globals';
import { batchEntries, isRetryableError, reingest, type ReingestEntry } from '../src/reingest/reingest.js';
import { fakeSender } from './fake-sender.js';

const entry = (id: string, bytes = 10): ReingestEntry => ({ data: Buffer.alloc(bytes, 1), partitionKey: 'pk', sourceRecordId: id });
const options = { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 1000, deadline: Number.POSITIVE_INFINITY };

describe('batchEntries', () => {
  it('keeps at most 500 entries and 4 MiB per batch, in order', () => {
    const many = Array.from({ length: 1201 }, (_, i) => entry(`r${i}`));
    expect(batchEntries(many).map((b) => b.length)).toEqual([500, 500, 201]);
    const big = Array.from({ length: 5 }, (_, i) => entry(`b${i}`, 1_000_000));
    expect(batchEntries(big).map((b) => b.length)).toEqual([4, 1]);
    expect(batchEntries(many).flat()).toEqual(many);
  });
});

describe('reingest', () => {
  it('retries only the entries that failed, with growing jittered delays', async () => {
    const slept: number[] = [];
    const fake = fakeSender((e, call) => call === 1 && e.sourceRecordId !== 'a');
    const report = await reingest([entry('a'), entry('b'), entry('c')], fake.sender, {
      ...options,
      sleep: async (ms) => {
        slept.push(ms);
      },
      random: () => 0.5,
    });
    expect(fake.calls.map((c) => c.map((e) => e.sourceRecordId))).toEqual([['a', 'b', 'c'], ['b', 'c']]);
    expect(report).toMatchObject({ putEntries: 3, calls: 2, retriedEntries: 2 });
    expect(report.failedRecordIds.size).toBe(0);
    expect(slept).toEqual([50]);
  });

  it('gives up after the bounded number of attempts and names the error', async () => {
    const fake = fakeSender(() => true);
    const report = await reingest([entry('a')], fake.sender, { ...options, sleep: async () => {} });
    expect(fake.calls).toHaveLength(4);
    expect([...report.failedRecordIds]).toEqual(['a']);
    expect(report.failureReasons.get('a')).toMatch(/ServiceUnavailableException: slow down.*gave up after 4 attempts/);
  });

  it('stops retrying when the next wait would pass the deadline', async () => {
    let clock = 0;
    const fake = fakeSender(() => true);
    const report = await reingest([entry('a')], fake.sender, {
      ...options,
      deadline: 150,
      now: () => clock,
      random: () => 1,
      sleep: async (ms) => {
        clock += ms;
      },
    });
    expect(fake.calls).toHaveLength(2);
    expect(report.failureReasons.get('a')).toMatch(/before the Lambda timeout/);
  });

  it('does not retry an error that cannot succeed, such as missing permission', async () => {
    let calls = 0;
    const denied = Object.assign(new Error('not authorized to perform firehose:PutRecordBatch'), {
      name: 'AccessDeniedException',
      $metadata: { httpStatusCode: 400 },
    });
    const report = await reingest(
      [entry('a')],
      {
        description: 'fake',
        put: async () => {
          calls++;
          throw denied;
        },
      },
      options,
    );
    expect(calls).toBe(1);
    expect(report.failureReasons.get('a')).toMatch(/AccessDeniedException.*not retryable/);
  });

  it('classifies throttling, server and network errors as retryable', () => {
    expect(isRetryableError({ name: 'ThrottlingException', $metadata: { httpStatusCode: 400 } })).toBe(true);
    expect(isRetryableError({ name: 'ProvisionedThroughputExceededException', $metadata: { httpStatusCode: 400 } })).toBe(true);
    expect(isRetryableError({ name: 'ServiceUnavailableException', $metadata: { httpStatusCode: 503 } })).toBe(true);
    expect(isRetryableError({ name: 'Error', code: 'ECONNRESET' })).toBe(true);
    expect(isRetryableError({ name: 'ResourceNotFoundException', $metadata: { httpStatusCode: 400 } })).toBe(false);
  });
});
