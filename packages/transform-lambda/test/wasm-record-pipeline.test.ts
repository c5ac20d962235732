import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { gzipSync } from 'node:zlib';
import { createPayloadFormatter } from '../src/format/general-formatter.js';
import { createWasmRecordPipeline } from '../src/format/wasm-record-pipeline.js';
import { jsonStringBytes } from '../src/response/response-budget.js';
import { config, dataMessage, DETECTION_MESSAGES, encodePayload, FLOW_LINE, ROUTE_TABLES } from './helpers.js';

/**
 * The record pipeline (base64 to HEC lines in WebAssembly memory). The handler's differential
 * test holds its answers to the general path's; these tests fail if it stops taking what
 * CloudWatch Logs sends, or takes what it must leave to the ordinary path.
 */
function paths(env: Record<string, string> = {}, wasmGunzipMaxBytes?: number) {
  const cfg = config(env);
  const general = createPayloadFormatter(cfg);
  return { general, pipeline: createWasmRecordPipeline(cfg, general, wasmGunzipMaxBytes)! };
}

/** A WebAssembly gunzip limit low enough that a record holding one long message goes to zlib. */
const LOW_GUNZIP_LIMIT = 8 * 1024;

const MODES = ['Event', 'Raw'] as const;

describe('the WebAssembly record pipeline', () => {
  it('takes CloudWatch-shaped records of every size (fixed and dynamic blocks, zlib past the WebAssembly gunzip limit) with the general bytes', () => {
    const messageArb = fc.oneof(fc.string({ unit: 'grapheme', maxLength: 60 }), fc.constant(FLOW_LINE), fc.constantFrom('{"level":"INFO","msg":"a \\"quoted\\" word"}', 'tab\there', ''));
    fc.assert(
      fc.property(fc.array(messageArb, { minLength: 0, maxLength: 30 }), fc.nat(3), fc.constantFrom(...MODES), (messages, big, mode) => {
        // Now and then one message large enough that the record goes to zlib under a low limit.
        const all = big === 0 ? [...messages, 'x'.repeat(LOW_GUNZIP_LIMIT + 100)] : messages;
        const { general, pipeline } = paths({ HEC_ENDPOINT_TYPE: mode }, big <= 1 ? LOW_GUNZIP_LIMIT : undefined);
        const payload = dataMessage(all.filter((m) => !/[\ud800-\udfff]/.test(m) || /[\ud800-\udbff][\udc00-\udfff]/.test(m)));
        const result = pipeline(encodePayload(payload), 'eu-west-1');
        const expected = general.format(JSON.parse(JSON.stringify(payload)), 'eu-west-1');
        expect(result).toBeDefined();
        expect(Buffer.from(result!.output).equals(expected.output)).toBe(true);
        const { output: _o, compressedBytes, decompressedBytes, encodeBase64: _encode, ...counts } = result!;
        const { output: _e, ...expectedCounts } = expected;
        expect(counts).toEqual(expectedCounts);
        expect(decompressedBytes).toBe(Buffer.byteLength(JSON.stringify(payload)));
        expect(compressedBytes).toBe(Buffer.from(encodePayload(payload), 'base64').length);
      }),
      { numRuns: 300 },
    );
  });

  it("writes each line's metadata as the general path does: routes, templates, index, indexed fields, sourcetype detection", () => {
    // The head comes from the header's bytes and a program per log group, the sourcetype from
    // the first message's escaped bytes: any difference from JSON.stringify shows here.
    const envArb = fc.record({
      HEC_ENDPOINT_TYPE: fc.constantFrom(...MODES),
      ROUTES: fc.constantFrom(...ROUTE_TABLES),
      DEFAULT_SOURCETYPE: fc.constantFrom('', '', 'app:default'),
      DEFAULT_INDEX: fc.constantFrom('', 'main'),
      DEFAULT_HOST: fc.constantFrom('{logStream}', 'fixed-host', '{account}:{region}'),
      DEFAULT_SOURCE: fc.constantFrom('{logGroup}', 'aws:{logGroup}/{logStream}'),
      HEC_INDEXED_FIELDS: fc.constantFrom('', '', 'account,log_stream,subscription_filter'),
    });
    const recordArb = fc.record({
      logGroup: fc.constantFrom('/app/x', '/app/orders', '/vpc/flow', '/aws/CloudTrail/org', 'vpc-flow-logs', 'naïve/日本'),
      logStream: fc.constantFrom('i-0abc', '2026/11/24/[$LATEST]0f', '', 'é😀'),
      owner: fc.constantFrom('123456789012', '000000000001'),
      messages: fc.array(fc.oneof(fc.constantFrom(...DETECTION_MESSAGES), fc.constant(FLOW_LINE), fc.string({ maxLength: 20 })), { maxLength: 4 }),
      // The event's region, which templates may name: it changes between invocations in the tests only, and must be followed.
      region: fc.constantFrom('eu-west-1', 'eu-west-1', 'us-east-1', 'odd"region\\'),
    });
    fc.assert(
      fc.property(envArb, fc.array(recordArb, { minLength: 1, maxLength: 8 }), (env, records) => {
        const used = Object.fromEntries(Object.entries(env).filter(([k, v]) => v !== '' && !(k === 'HEC_INDEXED_FIELDS' && env.HEC_ENDPOINT_TYPE === 'Raw')));
        const { general, pipeline } = paths(used);
        // One pipeline for all the records: its per-group memory must not carry one record's metadata into another's.
        for (const r of records) {
          const messages = r.messages.filter((m) => !/[\ud800-\udfff]/.test(m));
          const payload = dataMessage(messages, { logGroup: r.logGroup, logStream: r.logStream, owner: r.owner });
          const result = pipeline(encodePayload(payload), r.region);
          const expected = general.format(payload, r.region);
          expect(result).toBeDefined();
          expect(Buffer.from(result!.output).toString()).toBe(expected.output.toString());
          expect(result!.sourcetype).toBe(expected.sourcetype);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('leaves a record whose trailer claims more than DEFLATE can expand to (60 MB from a few hundred bytes) to the ordinary path, without growing its memory for it', () => {
    const { pipeline } = paths();
    const compressed = Buffer.from(encodePayload(dataMessage(['a message'])), 'base64');
    expect(pipeline(compressed.toString('base64'), 'eu-west-1')).toBeDefined();
    compressed.writeUInt32LE(60 * 1024 * 1024, compressed.length - 4);
    const before = process.memoryUsage().external;
    expect(pipeline(compressed.toString('base64'), 'eu-west-1')).toBeUndefined();
    expect(process.memoryUsage().external - before).toBeLessThan(16 * 1024 * 1024);
  });

  it('reads and writes escapes wherever they fall against its 16-byte blocks: runs of backslashes, escaped quotes, \\u00XX, control characters', () => {
    // Messages of escape-heavy pieces, at every offset: the scanner takes whole blocks of \\" and
    // \\\\ from their masks and everything else one escape at a time.
    const unit = fc.constantFrom('\\', '\\', '"', '"', 'a', 'bc', '\n', '\t', '\u0001', '\u001f', 'é', 'u', '/', ' ');
    fc.assert(
      fc.property(fc.array(fc.array(unit, { maxLength: 60 }).map((u) => u.join('')), { minLength: 1, maxLength: 6 }), fc.constantFrom(...MODES), (messages, mode) => {
        const { general, pipeline } = paths({ HEC_ENDPOINT_TYPE: mode });
        const payload = dataMessage(messages);
        const result = pipeline(encodePayload(payload), 'eu-west-1');
        expect(result).toBeDefined();
        expect(Buffer.from(result!.output).equals(general.format(payload, 'eu-west-1').output)).toBe(true);
      }),
      { numRuns: 1500 },
    );
  });

  it("encodes each record's output to exactly Node's base64, padding included", () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'grapheme', maxLength: 80 }), { maxLength: 40 }), fc.constantFrom(...MODES), (messages, mode) => {
        const { pipeline } = paths({ HEC_ENDPOINT_TYPE: mode });
        const result = pipeline(encodePayload(dataMessage(messages)), 'eu-west-1')!;
        const expected = Buffer.from(result.output).toString('base64');
        expect(Buffer.from(result.encodeBase64()).toString('latin1')).toBe(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('applies the VPC flow log filters, as the general path does', () => {
    const reject = FLOW_LINE.replace(' ACCEPT ', ' REJECT ');
    const udp = FLOW_LINE.replace(' 6 20 ', ' 17 20 ');
    for (const mode of MODES) {
      for (const filters of [{ VPC_FLOW_ACTIONS: 'ACCEPT' }, { VPC_FLOW_DROP_NODATA: 'true', VPC_FLOW_PROTOCOLS: 'udp' }, { VPC_FLOW_ACTIONS: 'REJECT', VPC_FLOW_PROTOCOLS: 'tcp' }] as Array<Record<string, string>>) {
        const { general, pipeline } = paths({ HEC_ENDPOINT_TYPE: mode, ...filters });
        const payload = dataMessage([FLOW_LINE, reject, udp, '2 123456789012 eni-1 - - - - - - - 1 2 - NODATA', 'short line', FLOW_LINE], { logGroup: '/vpc/flow' });
        const result = pipeline(encodePayload(payload), 'eu-west-1')!;
        const expected = general.format(payload, 'eu-west-1');
        expect(Buffer.from(result.output).equals(expected.output)).toBe(true);
        expect([result.filteredEvents, result.unparsedFlowLogLines, result.eventsOut]).toEqual([expected.filteredEvents, expected.unparsedFlowLogLines, expected.eventsOut]);
      }
    }
  });

  it('applies the filters to any flow log format, wherever action, protocol and log-status sit in it', () => {
    const names = ['version', 'srcaddr', 'dstaddr', 'srcport', 'packets', 'start', 'end', 'instance-id', 'tcp-flags'];
    const value = fc.constantFrom('ACCEPT', 'REJECT', 'OK', 'NODATA', 'SKIPDATA', '6', '17', '1', '-', '10.0.0.1', '');
    fc.assert(
      fc.property(
        fc.shuffledSubarray(names, { minLength: 0, maxLength: 9 }),
        fc.array(fc.constantFrom('action', 'protocol', 'log-status'), { minLength: 1, maxLength: 3 }).map((f) => [...new Set(f)]),
        fc.array(fc.nat(), { minLength: 3, maxLength: 3 }),
        fc.array(fc.array(value, { minLength: 1, maxLength: 14 }), { minLength: 1, maxLength: 12 }),
        fc.record({ VPC_FLOW_ACTIONS: fc.constantFrom('', 'ACCEPT', 'REJECT', 'ACCEPT,REJECT'), VPC_FLOW_PROTOCOLS: fc.constantFrom('', 'tcp', 'udp,icmp'), VPC_FLOW_DROP_NODATA: fc.constantFrom('', 'true') }),
        fc.constantFrom(...MODES),
        (others, checked, positions, lineValues, filters, mode) => {
          const fields = [...others];
          checked.forEach((name, i) => fields.splice(positions[i]! % (fields.length + 1), 0, name));
          // A filter only for a field the format has (the configuration refuses the others).
          const usable = {
            VPC_FLOW_ACTIONS: fields.includes('action') ? filters.VPC_FLOW_ACTIONS : '',
            VPC_FLOW_PROTOCOLS: fields.includes('protocol') ? filters.VPC_FLOW_PROTOCOLS : '',
            VPC_FLOW_DROP_NODATA: fields.includes('log-status') ? filters.VPC_FLOW_DROP_NODATA : '',
          };
          const env = Object.fromEntries(Object.entries({ ...usable, HEC_ENDPOINT_TYPE: mode, VPC_FLOW_LOG_FORMAT: fields.map((f) => `\${${f}}`).join(' '), DEFAULT_SOURCETYPE: 'aws:cloudwatchlogs:vpcflow' }).filter(([, v]) => v !== ''));
          const { general, pipeline } = paths(env);
          // Lines with the format's field count and with others (kept as unparsed).
          const lines = lineValues.map((values, i) => (i % 3 === 0 ? values : fields.map((_, k) => values[k % values.length]!)).join(' '));
          const payload = dataMessage(lines, { logGroup: '/vpc/flow' });
          const result = pipeline(encodePayload(payload), 'eu-west-1');
          const expected = general.format(payload, 'eu-west-1');
          expect(result).toBeDefined();
          expect(Buffer.from(result!.output).toString()).toBe(expected.output.toString());
          expect([result!.filteredEvents, result!.unparsedFlowLogLines, result!.eventsOut]).toEqual([expected.filteredEvents, expected.unparsedFlowLogLines, expected.eventsOut]);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('reads subscription filters and keys after them (policyLevel) as JSON.parse does', () => {
    const { general, pipeline } = paths({ HEC_INDEXED_FIELDS: 'subscription_filter,account,log_stream' });
    for (const filters of [[], ['one'], ['one', 'two', 'three']]) {
      const payload = { ...dataMessage(['hello']), subscriptionFilters: filters };
      const text = JSON.stringify(payload).replace(',"logEvents"', ',"policyLevel":"ACCOUNT_LEVEL_POLICY","logEvents"');
      const result = pipeline(gzipSync(text).toString('base64'), 'eu-west-1');
      expect(Buffer.from(result!.output).toString()).toBe(general.format(JSON.parse(text), 'eu-west-1').output.toString());
    }
  });

  it.each([
    ['not base64', 'not base64!'],
    ['base64 of no gzip', Buffer.from('{"messageType":"DATA_MESSAGE"} padding padding').toString('base64')],
    ['corrupt gzip', (() => { const b = gzipSync(JSON.stringify(dataMessage(['x']))); b[b.length - 6]! ^= 1; return b.toString('base64'); })()],
    ['a CONTROL_MESSAGE', encodePayload({ messageType: 'CONTROL_MESSAGE', owner: 'CloudwatchLogs', logGroup: '', logStream: '', subscriptionFilters: [], logEvents: [{ id: '', timestamp: 1, message: 'CWL CONTROL MESSAGE' }] })],
    ['keys in another order', encodePayload({ owner: '1', messageType: 'DATA_MESSAGE', logGroup: 'g', logStream: 's', subscriptionFilters: [], logEvents: [] })],
    ['an escaped log group', encodePayload(dataMessage(['x'], { logGroup: 'a"b' }))],
    ['a duplicate key after the filters', gzipSync(JSON.stringify(dataMessage(['x'])).replace(',"logEvents"', ',"logGroup":"other","logEvents"')).toString('base64')],
    ['white space', gzipSync(JSON.stringify(dataMessage(['x']), null, 1)).toString('base64')],
    ['something after logEvents', gzipSync(JSON.stringify(dataMessage(['x'])).replace(/}$/, ',"extra":1}')).toString('base64')],
  ])('declines %s, leaving it to the ordinary path', (_name, data) => {
    expect(paths().pipeline(data, 'eu-west-1')).toBeUndefined();
  });

  it('keeps its output valid until the next record only: the next call reuses the memory', () => {
    const { pipeline } = paths();
    const first = pipeline(encodePayload(dataMessage(['first'])), 'eu-west-1')!;
    const copy = Buffer.from(first.output);
    pipeline(encodePayload(dataMessage(['second record, longer'])), 'eu-west-1');
    expect(copy.toString()).toContain('"event":"first"');
  });
});

describe('jsonStringBytes', () => {
  it('is the byte length of a string as JSON content, for any string', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), fc.stringMatching(/^[0-9]{56}$/)), (text) => {
        expect(jsonStringBytes(text)).toBe(Buffer.byteLength(JSON.stringify(text)) - 2);
      }),
      { numRuns: 2000 },
    );
  });
});
