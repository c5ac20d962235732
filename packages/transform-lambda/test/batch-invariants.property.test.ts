import { describe, expect, it } from '@jest/globals';
import type { InvocationSummary } from '../src/observability/summary.js';
import { responseBytes } from '../src/response/response-budget.js';
import fc from 'fast-check';
import { gunzipSync, gzipSync } from 'node:zlib';
import { createHandler } from '../src/handler.js';
import { createMemoryLogger } from '../src/observability/logger.js';
import { noMetrics } from '../src/observability/metrics.js';
import type { CloudWatchLogsDataMessage, FirehoseInputRecord } from '../src/types.js';
import { fakeSender } from './fake-sender.js';
import { config, dataMessage, encodePayload, firehoseEvent } from './helpers.js';

type Spec =
  | { kind: 'text'; messages: string[] }
  | { kind: 'flow'; actions: boolean[] }
  | { kind: 'control' }
  | { kind: 'corrupt'; how: 'base64' | 'gzip' | 'truncated' | 'json' | 'type'; bytes: Uint8Array };

let tagCounter = 0;
const nextTag = () => `T${(tagCounter++).toString(36)}T`;

const textSpec = fc.record({
  kind: fc.constant('text' as const),
  messages: fc.array(
    fc.oneof(
      { weight: 6, arbitrary: fc.string({ unit: 'binary', maxLength: 80 }) },
      { weight: 1, arbitrary: fc.constant('') },
      { weight: 1, arbitrary: fc.integer({ min: 500, max: 4000 }).map((n) => 'w'.repeat(n)) },
    ),
    { minLength: 0, maxLength: 25 },
  ),
});
const flowSpec = fc.record({ kind: fc.constant('flow' as const), actions: fc.array(fc.boolean(), { minLength: 1, maxLength: 25 }) });
const corruptSpec = fc.record({
  kind: fc.constant('corrupt' as const),
  how: fc.constantFrom('base64', 'gzip', 'truncated', 'json', 'type'),
  bytes: fc.uint8Array({ minLength: 1, maxLength: 40 }),
});
const specs = fc.array(
  fc.oneof({ weight: 5, arbitrary: textSpec }, { weight: 3, arbitrary: flowSpec }, { weight: 1, arbitrary: fc.constant({ kind: 'control' as const }) }, { weight: 2, arbitrary: corruptSpec }),
  { minLength: 1, maxLength: 20 },
);

interface Built {
  record: FirehoseInputRecord;
  /** Tagged events the record holds, with whether the ACCEPT-only filter removes them. */
  events: Array<{ tag: string; filtered: boolean }>;
}

function build(spec: Spec, i: number): Built {
  const recordId = `rec-${i}-${'x'.repeat(i % 3)}`;
  if (spec.kind === 'control') {
    return { record: { recordId, data: encodePayload({ messageType: 'CONTROL_MESSAGE', logEvents: [] }) }, events: [] };
  }
  if (spec.kind === 'corrupt') {
    const json = JSON.stringify(dataMessage(['x']));
    const data = {
      base64: `${Buffer.from(spec.bytes).toString('base64')}!*`,
      gzip: Buffer.from(spec.bytes).toString('base64'),
      truncated: gzipSync(json).subarray(0, 20).toString('base64'),
      json: gzipSync(json.slice(0, -1)).toString('base64'),
      type: encodePayload({ messageType: 'NOT_A_TYPE' }),
    }[spec.how];
    return { record: { recordId, data }, events: [] };
  }
  if (spec.kind === 'flow') {
    const events = spec.actions.map((accept) => ({ tag: nextTag(), filtered: !accept }));
    const lines = events.map(
      (e, k) => `2 123456789012 eni-0a1b2c 10.0.0.${k} 10.0.1.1 443 ${e.tag} 6 1 40 1700000000 1700000060 ${e.filtered ? 'REJECT' : 'ACCEPT'} OK`,
    );
    return { record: { recordId, data: encodePayload(dataMessage(lines, { logGroup: '/vpc/flow' })) }, events };
  }
  const events: Array<{ tag: string; filtered: boolean }> = [];
  const messages = spec.messages.map((m) => {
    if (m === '') return '';
    const tag = nextTag();
    events.push({ tag, filtered: false });
    return `${tag} ${m}`;
  });
  return { record: { recordId, data: encodePayload(dataMessage(messages)) }, events };
}

/** Messages of a re-ingested entry; a corrupt record past the budget goes back unread, so has none. */
function eventsOf(compressed: Buffer): string[] {
  try {
    const payload = JSON.parse(gunzipSync(compressed).toString('utf8')) as CloudWatchLogsDataMessage;
    return payload.logEvents.map((e) => e.message);
  } catch {
    return [];
  }
}

describe('processBatch invariants over random batches', () => {
  it('answers every recordId once, in order, within budget, and loses no event', async () => {
    await fc.assert(
      fc.asyncProperty(
        specs,
        fc.integer({ min: 4096, max: 120_000 }),
        fc.constantFrom('Event', 'Raw'),
        fc.double({ min: 0, max: 0.6, noNaN: true }),
        async (batch, budget, mode, failureRate) => {
          let seed = 7;
          const failRandom = () => ((seed = (seed * 48271) % 2147483647) / 2147483647) < failureRate;
          const fake = fakeSender(() => failRandom());
          const handler = createHandler({
            config: config({
              RESPONSE_BUDGET_BYTES: String(budget),
              HEC_ENDPOINT_TYPE: mode,
              VPC_FLOW_ACTIONS: 'ACCEPT',
              REINGEST_MAX_ATTEMPTS: '2',
            }),
            logger: createMemoryLogger(),
            metrics: noMetrics,
            senderFor: () => fake.sender,
            sleep: async () => {},
            onOutcome: (o) => (summary = o.summary),
          });
          let summary: InvocationSummary | undefined;
          const built = batch.map((spec, i) => build(spec as Spec, i));
          const response = await handler(firehoseEvent(built.map((b) => b.record)));

          expect(response.records.map((r) => r.recordId)).toEqual(built.map((b) => b.record.recordId));
          expect(Buffer.byteLength(JSON.stringify(response))).toBeLessThanOrEqual(budget);
          // The summary's size, kept as the budget goes, is the response's exact size, as the general count gives it.
          expect(summary!.responseBytes).toBe(Buffer.byteLength(JSON.stringify(response)));
          expect(summary!.responseBytes).toBe(responseBytes(response.records));

          const okText = response.records
            .filter((r) => r.result === 'Ok')
            .map((r) => Buffer.from(r.data ?? '', 'base64').toString('utf8'))
            .join('');
          const reingestedText = fake.accepted.flatMap((e) => eventsOf(e.data)).join('\n');
          const failedText = response.records
            .map((r, i) => (r.result === 'ProcessingFailed' ? built[i]!.events.map((e) => e.tag).join(' ') : ''))
            .join(' ');
          for (const [i, b] of built.entries()) {
            const result = response.records[i]!.result;
            if (result === 'Dropped' && b.events.length > 0) {
              // Dropped with events: either re-ingested or every one of them filtered.
              const allFiltered = b.events.every((e) => e.filtered);
              const reingested = b.events.every((e) => reingestedText.includes(e.tag));
              expect(allFiltered || reingested).toBe(true);
            }
            for (const event of b.events) {
              const delivered = okText.includes(event.tag);
              if (event.filtered) expect(delivered).toBe(false);
              else expect(delivered || reingestedText.includes(event.tag) || failedText.includes(event.tag)).toBe(true);
            }
          }
        },
      ),
      { numRuns: Number(process.env.FAST_CHECK_RUNS ?? 120) },
    );
  });
});
