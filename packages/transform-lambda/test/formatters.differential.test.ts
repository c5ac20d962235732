import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { gzipSync } from 'node:zlib';
import { createFastFormatter, timeFromLiteral } from '../src/format/js-fast-formatter.js';
import { createPayloadFormatter } from '../src/format/general-formatter.js';
import { createHandler } from '../src/handler.js';
import { createMemoryLogger } from '../src/observability/logger.js';
import { noMetrics } from '../src/observability/metrics.js';
import type { ReingestEntry } from '../src/reingest/reingest.js';
import { config, DETECTION_MESSAGES, firehoseEvent, ROUTE_TABLES } from './helpers.js';

type Style = 'canonical' | 'ascii-only' | 'escaped-slash' | 'upper-hex';

/** Serialises a string the way some other JSON writer might: same value, other escapes. */
function writeString(value: string, style: Style): string {
  if (style === 'canonical') return JSON.stringify(value);
  let out = '"';
  for (const char of value) {
    const code = char.codePointAt(0)!;
    if (char === '"') out += '\\"';
    else if (char === '\\') out += '\\\\';
    else if (char === '/' && style === 'escaped-slash') out += '\\/';
    else if (code < 0x20) out += style === 'upper-hex' ? `\\u${code.toString(16).toUpperCase().padStart(4, '0')}` : JSON.stringify(char).slice(1, -1);
    else if (code > 0x7e && style === 'ascii-only') {
      for (let i = 0; i < char.length; i++) out += `\\u${char.charCodeAt(i).toString(16).padStart(4, '0')}`;
    } else out += char;
  }
  return `${out}"`;
}

const messageArb = fc.oneof(
  { weight: 5, arbitrary: fc.string({ unit: 'binary', maxLength: 60 }) },
  { weight: 2, arbitrary: fc.string({ unit: fc.constantFrom('"', '\\', '/', '\n', '\t', '\u0001', '\u001f', '\u2028', '\u2029', 'é', '😀', '\ud800', '\udc00', 'a', ' '), maxLength: 30 }) },
  { weight: 1, arbitrary: fc.constant('') },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      '2 123456789012 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK',
      '2 123456789012 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 53 53 17 2 120 1418530010 1418530070 REJECT OK',
      '2 123456789012 eni-1235b8ca123456789 - - - - - - - 1418530010 1418530070 - NODATA',
      '2 123456789012 eni-1 10.0.0.1 10.0.0.2 1 2 1 1 1 1 2 ACCEPT SKIPDATA',
      '2 123456789012 eni-1 truncated line',
      '2 123456789012 eni-1 10.0.0.1 10.0.0.2 1 2 6 1 1 1 2 ACCÉPT OK',
    ),
  },
  { weight: 1, arbitrary: fc.integer({ min: 1000, max: 20000 }).map((n) => `big ${'x'.repeat(n)}`) },
  // Sourcetype detection reads the first message: CloudTrail events, near misses and escaped look-alikes.
  { weight: 2, arbitrary: fc.constantFrom(...DETECTION_MESSAGES) },
);
const timestampArb = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 1_000_000_000_000, max: 2_000_000_000_000 }).map(String) },
  { weight: 1, arbitrary: fc.constantFrom('1700000000000', '1700000000100', '1700000000120', '0', '-5', '1.7e12', '1700000000123.5', '12', '99999999999999999') },
);

interface Variant {
  style: Style;
  spaced: boolean;
  headerOrder: number;
  eventKeyOrder: 'cloudwatch' | 'reversed' | 'extra-key';
  corrupt: 'none' | 'raw-control' | 'bad-escape' | 'infinite-time';
}

const variantArb: fc.Arbitrary<Variant> = fc.record({
  style: fc.constantFrom('canonical', 'canonical', 'ascii-only', 'escaped-slash', 'upper-hex'),
  spaced: fc.boolean().map((b) => b && Math.random() < 0.3),
  headerOrder: fc.integer({ min: 0, max: 5 }),
  eventKeyOrder: fc.constantFrom('cloudwatch', 'cloudwatch', 'cloudwatch', 'reversed', 'extra-key'),
  corrupt: fc.constantFrom('none', 'none', 'none', 'none', 'raw-control', 'bad-escape', 'infinite-time'),
});

function payloadText(messages: Array<[string, string]>, logGroup: string, v: Variant): string {
  const s = (x: string) => writeString(x, v.style);
  const events = messages.map(([message, ts], i) => {
    const id = `"id":${s(String(36000000000000000000n + BigInt(i)))}`;
    const time = `"timestamp":${v.corrupt === 'infinite-time' && i === 0 ? '1e999' : ts}`;
    let msg = `"message":${s(message)}`;
    if (v.corrupt === 'raw-control' && i === 0) msg = `"message":"a\u0001b"`;
    if (v.corrupt === 'bad-escape' && i === 0) msg = `"message":"a\\qb"`;
    const parts = v.eventKeyOrder === 'reversed' ? [msg, time, id] : v.eventKeyOrder === 'extra-key' ? [id, time, msg, '"extra":1'] : [id, time, msg];
    return `{${parts.join(v.spaced ? ', ' : ',')}}`;
  });
  const header = [
    `"messageType":${s('DATA_MESSAGE')}`,
    `"owner":${s('123456789012')}`,
    `"logGroup":${s(logGroup)}`,
    `"logStream":${s('stream/é')}`,
    `"subscriptionFilters":[${s('f1')}]`,
  ];
  const logEvents = `"logEvents":[${events.join(v.spaced ? ', ' : ',')}]`;
  const keys = [...header];
  keys.splice(v.headerOrder, 0, logEvents);
  return `{${keys.join(v.spaced ? ', ' : ',')}}`;
}

const envArb = fc.record({
  HEC_ENDPOINT_TYPE: fc.constantFrom('Event', 'Raw'),
  ROUTES: fc.constantFrom(...ROUTE_TABLES),
  DEFAULT_SOURCETYPE: fc.constantFrom('', '', '', 'app:default'),
  DEFAULT_INDEX: fc.constantFrom('', 'main', 'naïve'),
  HEC_INDEXED_FIELDS: fc.constantFrom('', 'account,log_group,subscription_filter'),
  RESPONSE_BUDGET_BYTES: fc.constantFrom('6000000', '20000'),
  VPC_FLOW_ACTIONS: fc.constantFrom('', 'REJECT', 'ACCEPT'),
  VPC_FLOW_DROP_NODATA: fc.constantFrom('', 'true'),
  VPC_FLOW_PROTOCOLS: fc.constantFrom('', 'tcp,udp'),
});

async function run(env: Record<string, string>, fastPath: 'wasm' | 'js' | 'off', data: string[]) {
  const reingested: ReingestEntry[] = [];
  const cleanEnv = Object.fromEntries(Object.entries(env).filter(([k, v]) => v !== '' && !(k === 'HEC_INDEXED_FIELDS' && env.HEC_ENDPOINT_TYPE === 'Raw')));
  const logger = createMemoryLogger();
  const handler = createHandler({
    config: config({ ...cleanEnv, FAST_PATH: String(fastPath), REINGEST_BASE_DELAY_MS: '0' }),
    logger,
    metrics: noMetrics,
    senderFor: () => ({
      description: 'memory',
      put: async (entries) => {
        reingested.push(...entries);
        return { failed: [] };
      },
    }),
  });
  const response = await handler(firehoseEvent(data.map((d, i) => ({ recordId: `r${i}`, data: d }))));
  const summary = logger.lines.find((l) => l.event === 'invocation-summary')!;
  // Time and whether this is the process's first invocation differ between runs, not between paths.
  const { durationMs: _duration, coldStart: _coldStart, ...counts } = summary;
  return { response: JSON.stringify(response), reingested: reingested.map((e) => e.data.toString('base64')), counts };
}

describe('fast path and general path agree byte for byte', () => {
  it('on fuzzed payloads: escapes, surrogates, U+2028, empty and huge messages, odd key order, corrupt JSON', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            messages: fc.array(fc.tuple(messageArb, timestampArb), { maxLength: 12 }),
            logGroup: fc.constantFrom('/app/x', '/vpc/flow', 'weird/"group"', '/aws/CloudTrail/org', 'vpc-flow-logs'),
            variant: variantArb,
          }),
          { minLength: 1, maxLength: 6 },
        ),
        envArb,
        async (records, env) => {
          const data = records.map((r) => gzipSync(payloadText(r.messages, r.logGroup, r.variant)).toString('base64'));
          const general = await run(env, 'off', data);
          for (const path of ['wasm', 'js'] as const) {
            const fast = await run(env, path, data);
            expect(fast.response).toBe(general.response);
            expect(fast.reingested).toEqual(general.reingested);
            expect(fast.counts).toEqual(general.counts);
          }
        },
      ),
      { numRuns: Number(process.env.FAST_CHECK_RUNS ?? 300) },
    );
  });

  it('really takes the fast path for CloudWatch-shaped payloads', () => {
    const cfg = config();
    const fast = createFastFormatter(cfg, createPayloadFormatter(cfg))!;
    const text = payloadText([['hello "world" \u2028 😀', '1700000000123']], '/app/x', { style: 'canonical', spaced: false, headerOrder: 5, eventKeyOrder: 'cloudwatch', corrupt: 'none' });
    const result = fast(Buffer.from(text), 'us-east-1');
    expect(result).toBeDefined();
    expect(result!.output.toString()).toBe(
      `${JSON.stringify({ time: 1700000000.123, host: 'stream/é', source: '/app/x', sourcetype: 'aws:cloudwatchlogs', event: 'hello "world" \u2028 😀' })}\n`,
    );
  });

  it('takes every CloudWatch-shaped Event payload, escapes and odd timestamps included, with the general bytes', () => {
    // The differential test above passes just as well if the fast path declines everything;
    // this one fails if it stops taking what CloudWatch Logs actually sends.
    fc.assert(
      fc.property(fc.array(fc.tuple(messageArb, timestampArb), { maxLength: 12 }), fc.constantFrom('/app/x', '/vpc/flow'), (messages, logGroup) => {
        const cfg = config();
        const general = createPayloadFormatter(cfg);
        const fast = createFastFormatter(cfg, general)!;
        const text = payloadText(messages, logGroup, { style: 'canonical', spaced: false, headerOrder: 5, eventKeyOrder: 'cloudwatch', corrupt: 'none' });
        const result = fast(Buffer.from(text), 'us-east-1');
        expect(result).toBeDefined();
        expect(result!.output.equals(general.format(JSON.parse(text), 'us-east-1').output)).toBe(true);
      }),
      { numRuns: Number(process.env.FAST_CHECK_RUNS ?? 300) },
    );
  });

  it('formats times exactly as String(ms / 1000)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: 0, max: 9_999_999_999_999_999 }), fc.integer({ min: -1e6, max: 1e6 })), (ms) => {
        const literal = String(ms);
        expect(timeFromLiteral(literal, 0, literal.length)).toBe(String(ms / 1000));
      }),
      { numRuns: 2000 },
    );
  });
});
