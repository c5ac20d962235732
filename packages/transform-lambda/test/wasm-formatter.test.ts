import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { createPayloadFormatter } from '../src/format/general-formatter.js';
import { TRANSFORM_WASM_BASE64 } from '../src/wasm/generated-module.js';
import { createWasmFormatter } from '../src/format/wasm-formatter.js';
import { compileTransformWasm } from '../scripts/build-wasm.mjs';
import { config, dataMessage, FLOW_LINE } from './helpers.js';

const runs = Number(process.env.FAST_CHECK_RUNS ?? 300);

function formatters(env: Record<string, string> = {}) {
  const cfg = config(env);
  const general = createPayloadFormatter(cfg);
  return { general, wasm: createWasmFormatter(cfg, general)! };
}

const bytes = (payload: unknown) => Buffer.from(typeof payload === 'string' ? payload : JSON.stringify(payload));

// Messages JSON.stringify escapes canonically (no lone surrogates: those it writes as \udXXX,
// which the scanner leaves to the JS paths).
const messageArb = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: fc.constantFrom('"', '\\', '/', '\n', '\t', '\b', '\f', '\r', '\u0000', '\u0001', '\u000b', '\u001f', '\u007f', '\u2028', 'é', '😀', 'a', ' '), maxLength: 30 }),
  fc.constant(''),
  fc.constant(FLOW_LINE),
);
const timestampArb = fc.integer({ min: 1_000_000_000, max: 999_999_999_999_999 });

describe('the WebAssembly formatter', () => {
  for (const mode of ['Event', 'Raw'] as const) {
    it(`takes CloudWatch-shaped ${mode} payloads and writes exactly the general path's bytes`, () => {
      fc.assert(
        fc.property(fc.array(fc.tuple(messageArb, timestampArb), { maxLength: 15 }), fc.constantFrom('/app/x', '/vpc/flow', '/naïve/grüppe'), (events, logGroup) => {
          const { general, wasm } = formatters({ HEC_ENDPOINT_TYPE: mode, DEFAULT_INDEX: 'main', HEC_INDEXED_FIELDS: mode === 'Event' ? 'account,log_group' : '' });
          const payload = dataMessage([], { logGroup, logEvents: events.map(([message, timestamp], i) => ({ id: `${36000000000000000 + i}`, timestamp, message })) });
          const result = wasm(bytes(payload), 'eu-west-1');
          const expected = general.format(payload, 'eu-west-1');
          expect(result).toBeDefined();
          expect(result!.output.toString('hex')).toBe(expected.output.toString('hex'));
          expect({ ...result, output: undefined }).toEqual({ ...expected, output: undefined });
        }),
        { numRuns: runs },
      );
    });
  }

  it('grows its memory for a large payload, then still formats small ones right', () => {
    const { general, wasm } = formatters();
    for (const n of [3, 20_000, 1, 5_000]) {
      const payload = dataMessage(Array.from({ length: n }, (_, i) => `${FLOW_LINE} ${i}`));
      expect(wasm(bytes(payload), 'eu-west-1')!.output.equals(general.format(payload, 'eu-west-1').output)).toBe(true);
    }
  });

  it('reads a first event longer than the window it first copies in', () => {
    const { general, wasm } = formatters({ HEC_ENDPOINT_TYPE: 'Raw' });
    const payload = dataMessage([`${'long '.repeat(10_000)}end`, 'second']);
    expect(wasm(bytes(payload), 'eu-west-1')!.output.equals(general.format(payload, 'eu-west-1').output)).toBe(true);
  });

  it('retries with room for a head far longer than the events it wraps', () => {
    const { general, wasm } = formatters({ DEFAULT_SOURCE: `{logGroup}${'-'.repeat(3000)}` });
    const payload = dataMessage(Array.from({ length: 50 }, () => 'x'));
    const result = wasm(bytes(payload), 'eu-west-1');
    expect(result!.output.equals(general.format(payload, 'eu-west-1').output)).toBe(true);
  });

  const canonical = JSON.stringify(dataMessage(['first', 'second']));
  const declined: Array<[string, string]> = [
    ['white space between events', canonical.replace('},{', '}, {')],
    ['another key order', canonical.replace(/\{"id":("[^"]*"),"timestamp":(\d+),/, '{"timestamp":$2,"id":$1,')],
    ['an extra key', canonical.replace(',"message":"first"', ',"message":"first","extra":1')],
    ['a raw control character in a message', canonical.replace('first', 'fi\u0001rst')],
    ['a raw control character in an id', canonical.replace('"id":"3', '"id":"\u00013')],
    ['a backslash in an id', canonical.replace('"id":"3', '"id":"\\u0033')],
    ['an escape JSON.stringify would not write', canonical.replace('first', 'fi\\/rst')],
    ['an escaped non-ASCII character', canonical.replace('first', 'fi\\u00e9rst')],
    ['a 16-digit timestamp', canonical.replace('1700000000000', '1700000000000000')],
    ['a fractional timestamp', canonical.replace('1700000000000', '1700000000000.5')],
    ['a key after logEvents', canonical.replace(/\]\}$/, '],"late":1}')],
    ['a truncated payload', canonical.slice(0, -5)],
    // A backslash before logEvents could hide a second "logEvents" key in an escaped one.
    ['a backslash in the header', canonical.replace('/app/orders', '/app/\\"orders')],
    ['a CONTROL_MESSAGE', canonical.replace('DATA_MESSAGE', 'CONTROL_MESSAGE')],
    ['invalid UTF-8', canonical.replace('first', 'fi\udc80rst')],
  ];
  for (const [what, text] of declined) {
    it(`declines ${what}, leaving it to the JS paths`, () => {
      const { wasm } = formatters();
      const input = what === 'invalid UTF-8' ? Buffer.concat([Buffer.from(canonical.slice(0, 150)), Buffer.from([0xff]), Buffer.from(canonical.slice(150))]) : Buffer.from(text);
      expect(wasm(input, 'eu-west-1')).toBeUndefined();
    });
  }

  it('applies the VPC flow log filters itself, counting what they remove and lines of another field count, and leaves the object format to the JS paths', () => {
    const reject = FLOW_LINE.replace(' ACCEPT ', ' REJECT ');
    const noData = '2 123456789012 eni-0a1b2c3d4e5f60718 - - - - - - - 1700000000 1700000060 - NODATA';
    const payload = bytes(dataMessage([FLOW_LINE, reject, noData, 'not a flow line'], { logGroup: '/vpc/flow' }));
    for (const mode of ['Event', 'Raw']) {
      const env = { HEC_ENDPOINT_TYPE: mode, VPC_FLOW_ACTIONS: 'ACCEPT', VPC_FLOW_DROP_NODATA: 'true' };
      const wasm = formatters(env).wasm(payload, 'eu-west-1');
      const general = formatters(env).general.format(JSON.parse(payload.toString('utf8')), 'eu-west-1');
      expect(wasm).toBeDefined();
      expect(wasm!.output.equals(general.output)).toBe(true);
      expect(wasm).toMatchObject({ eventsIn: 4, eventsOut: 2, filteredEvents: 2, unparsedFlowLogLines: 1 });
      expect({ ...wasm, output: undefined }).toEqual({ ...general, output: undefined });
    }
    expect(formatters({ VPC_FLOW_EVENT_FORMAT: 'object' }).wasm(bytes(dataMessage([FLOW_LINE], { logGroup: '/vpc/flow' })), 'eu-west-1')).toBeUndefined();
  });

  it('filters flow lines exactly as the general path, whatever their last fields hold', () => {
    // The scanner finds the last two fields from one mask and compares each by a masked word:
    // empty fields (two spaces), fields that share a prefix with a value, long fields (the
    // spaces then lie before the line's last 16 bytes) and other field counts.
    const token = fc.oneof(
      fc.constantFrom('ACCEPT', 'REJECT', 'NODATA', 'SKIPDATA', 'OK', '-', '', 'ACCEP', 'ACCEPTS', 'ACCEPZ', 'XACCEPT', 'NODAT', 'NODATZ', 'XNODATA', 'SKIPDATZ', 'SKIPDATAX', 'XOK', '6', '17', '06'),
      fc.stringMatching(/^[A-Za-z0-9.-]{0,24}$/),
    );
    const fields = FLOW_LINE.split(' ');
    // Endings that repeat, as flow logs' do: the scanner remembers the last kept and dropped ending.
    const commonAction = fc.constantFrom('ACCEPT', 'REJECT', '-', 'XACCEPT', 'ACCEPTX');
    const commonStatus = fc.constantFrom('OK', 'NODATA', 'SKIPDATA', 'XOK', 'NODATAX');
    const line = fc.oneof(
      // The format's 14 fields, so every check runs on the last two.
      fc.tuple(token, token).map(([action, status]) => [...fields.slice(0, 12), action, status].join(' ')),
      fc.tuple(fc.constantFrom('6', '17'), commonAction, commonStatus, fc.constantFrom('1418530070', '7', '')).map(([protocol, action, status, end]) =>
        [...fields.slice(0, 7), protocol, ...fields.slice(8, 11), end, action, status].join(' '),
      ),
      fc.tuple(fc.integer({ min: 10, max: 14 }), fc.array(token, { minLength: 1, maxLength: 3 })).map(([keep, tail]) => [...fields.slice(0, keep), ...tail].join(' ')),
    );
    // The protocol (field 8) is not among the last two: the remembered endings must not be used then.
    const env = fc.record(
      {
        HEC_ENDPOINT_TYPE: fc.constantFrom('Event', 'Raw'),
        VPC_FLOW_ACTIONS: fc.constantFrom('ACCEPT', 'REJECT', 'ACCEPT,REJECT'),
        VPC_FLOW_DROP_NODATA: fc.constantFrom('true', 'false'),
        VPC_FLOW_PROTOCOLS: fc.constantFrom('6', '17', '6,17'),
      },
      { requiredKeys: ['HEC_ENDPOINT_TYPE', 'VPC_FLOW_ACTIONS', 'VPC_FLOW_DROP_NODATA'] },
    );
    fc.assert(
      fc.property(env, fc.array(line, { minLength: 1, maxLength: 12 }), (settings, lines) => {
        const payload = bytes(dataMessage(lines, { logGroup: '/vpc/flow' }));
        const { general, wasm } = formatters(settings);
        const expected = general.format(JSON.parse(payload.toString('utf8')), 'eu-west-1');
        const got = wasm(payload, 'eu-west-1');
        expect(got).toBeDefined();
        expect(got!.output.toString('utf8')).toBe(expected.output.toString('utf8'));
        expect({ ...got, output: undefined }).toEqual({ ...expected, output: undefined });
      }),
      { numRuns: runs },
    );
  });

  it('gives a line the decision of the last line that ended the same way, and only then', () => {
    const reject = FLOW_LINE.replace(' ACCEPT ', ' REJECT ');
    const noData = FLOW_LINE.replace(' ACCEPT OK', ' - NODATA');
    // Endings that share all but the space before the action, or all but one byte.
    const lines = [reject, reject, FLOW_LINE, reject, noData, noData, FLOW_LINE, FLOW_LINE.replace(' 1418530070 ACCEPT', ' 1418530070XACCEPT'), FLOW_LINE.replace(' OK', ' OX'), reject.replace(' OK', ' OKX')];
    const payload = bytes(dataMessage(lines, { logGroup: '/vpc/flow' }));
    for (const mode of ['Event', 'Raw']) {
      const { general, wasm } = formatters({ HEC_ENDPOINT_TYPE: mode, VPC_FLOW_ACTIONS: 'ACCEPT', VPC_FLOW_DROP_NODATA: 'true' });
      const expected = general.format(JSON.parse(payload.toString('utf8')), 'eu-west-1');
      const got = wasm(payload, 'eu-west-1')!;
      expect(got.output.toString('utf8')).toBe(expected.output.toString('utf8'));
      expect(got).toMatchObject({ eventsIn: 10, filteredEvents: expected.filteredEvents, unparsedFlowLogLines: 1 });
    }
  });

  it('compares filter values longer than a word byte by byte', () => {
    // Config allows only short values (ACCEPT, REJECT, protocol numbers); a longer one, set
    // here by hand, takes the scanner's general comparison, which must still be exact.
    const cfg = config({ HEC_ENDPOINT_TYPE: 'Raw', VPC_FLOW_ACTIONS: 'ACCEPT' });
    cfg.flowLogFilter.actions = new Set(['ACCEPTED-LONG-1']);
    const general = createPayloadFormatter(cfg);
    const wasm = createWasmFormatter(cfg, general)!;
    const lines = ['ACCEPTED-LONG-1', 'ACCEPTED-LONG-2', 'ACCEPTED', 'ACCEPT'].map((action) => FLOW_LINE.replace(' ACCEPT ', ` ${action} `));
    const payload = bytes(dataMessage(lines, { logGroup: '/vpc/flow' }));
    const got = wasm(payload, 'eu-west-1');
    expect(got).toMatchObject({ eventsIn: 4, eventsOut: 1, filteredEvents: 3 });
    expect(got!.output.toString('utf8')).toBe(`${lines[0]}\n`);
  });

  it('is compiled from the committed AssemblyScript source (run node scripts/build-wasm.mjs after editing it)', async () => {
    const fresh = Buffer.from(await compileTransformWasm()).toString('base64');
    expect(fresh === TRANSFORM_WASM_BASE64).toBe(true);
    expect(readFileSync(new URL('../assembly/event-scanner.ts', import.meta.url), 'utf8')).toContain('export function format(');
  });
});
