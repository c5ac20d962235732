import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { WasmDirectFlowLines, type EventLineBytes } from '../src/format/wasm-direct-flow-line.js';
import { compileFlowLogFormat, DEFAULT_FLOW_LOG_FIELDS } from '../src/flow-logs/vpc-flow-log.js';
import { originFields } from '../src/record/direct-flow-log.js';

/**
 * The WebAssembly lanes for flow log records straight to Firehose
 * (assembly/direct-flow-line.ts). In Raw mode it answers exactly `<line>\n` for a record
 * `{"message":"<line>"}` whose line is printable ASCII without quote or backslash, and declines
 * everything else (the JS path and the general path take those; the handler-level differential
 * test in direct-flow-log.test.ts holds all paths equal).
 */
describe('a direct flow log record read in WebAssembly (Raw mode)', () => {
  const lines = new WasmDirectFlowLines();
  const rawLine = (data: string) => lines.raw(data);
  const recordOf = (bytes: Buffer) => Buffer.concat([Buffer.from('{"message":"'), bytes, Buffer.from('"}')]);
  const plainLine = fc.stringMatching(/^[\x20\x21\x23-\x5b\x5d-\x7e]{0,300}$/);
  const copiedAsItIs = (line: Buffer) => line.every((c) => c >= 0x20 && c < 0x7f && c !== 0x22 && c !== 0x5c);

  it('answers every plain line with its bytes and a newline, base64 as Node writes it', () => {
    fc.assert(
      fc.property(plainLine, (line) => {
        const record = recordOf(Buffer.from(line, 'latin1'));
        const answer = rawLine(record.toString('base64'));
        expect(answer).toBeDefined();
        expect(Buffer.from(answer!.output).toString('latin1')).toBe(`${line}\n`);
        expect(answer!.base64Text).toBe(Buffer.from(`${line}\n`, 'latin1').toString('base64'));
        expect(answer!.recordBytes).toBe(record.length);
      }),
      { numRuns: 2000 },
    );
  });

  it('declines a line holding a quote, backslash, control, DEL or non-ASCII byte, wherever it lies', () => {
    const line = Buffer.from('2 123456789012 eni-0a1b2c3d4e5f60718 10.0.1.23 172.31.16.139 443 49152 6 25 20000 1700000000 1700000060 ACCEPT OK');
    for (const bad of [0x22, 0x5c, 0x00, 0x0a, 0x1f, 0x7f, 0x80, 0xc3, 0xff]) {
      for (let at = 0; at < line.length; at++) {
        const spoiled = Buffer.from(line);
        spoiled[at] = bad;
        expect(rawLine(recordOf(spoiled).toString('base64'))).toBeUndefined();
      }
    }
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const line = Buffer.from(bytes);
        const answer = rawLine(recordOf(line).toString('base64'));
        if (copiedAsItIs(line)) expect(answer?.base64Text).toBe(Buffer.concat([line, Buffer.from('\n')]).toString('base64'));
        else expect(answer).toBeUndefined();
      }),
      { numRuns: 2000 },
    );
  });

  it('declines any other record shape and base64 that is not strict', () => {
    const others = ['{"message": "x"}', '{"message":"x"} ', '{"message":"x"', '{"messagE":"x"}', '{"message":"x"}}', '{"message":"', '"message":"x"}', '{"msg":"x"}', '{"message":"x","y":1}'];
    for (const text of others) expect(rawLine(Buffer.from(text).toString('base64'))).toBeUndefined();
    const good = recordOf(Buffer.from('2 ACCEPT OK')).toString('base64');
    expect(rawLine(good)).toBeDefined();
    expect(rawLine(good.slice(0, -1))).toBeUndefined();
    expect(rawLine(`${good.slice(0, 8)}!${good.slice(9)}`)).toBeUndefined();
  });

  it('reads the URL-safe alphabet as Node does, and answers in the standard one', () => {
    const line = Buffer.from('~~~ >>> ??? 2 ACCEPT OK');
    const standard = recordOf(line).toString('base64');
    expect(standard).toMatch(/[+/]/);
    const urlSafe = standard.replace(/\+/g, '-').replace(/\//g, '_');
    expect(rawLine(urlSafe)?.base64Text).toBe(Buffer.concat([line, Buffer.from('\n')]).toString('base64'));
  });
});

describe('a direct flow log record read in WebAssembly (Event mode)', () => {
  const lanes = new WasmDirectFlowLines();
  /** Both halves, with the metadata bytesFor gives for the account and interface read. */
  type EventLineBytesFor = (account: string, iface: string) => EventLineBytes;
  const event = (data: string, f: typeof fields, bytesFor: EventLineBytesFor) => (lanes.readEvent(data, f) ? lanes.writeEvent(bytesFor(lanes.account, lanes.iface)) : undefined);
  const fields = originFields(compileFlowLogFormat(DEFAULT_FLOW_LOG_FIELDS));
  const recordOf = (line: string) => Buffer.from(`{"message":"${line}"}`, 'latin1').toString('base64');
  // Metadata that names what it was given, so the test sees which account and interface were read.
  const seen: Array<[string, string]> = [];
  const bytesFor: EventLineBytesFor = (account, iface) => {
    seen.push([account, iface]);
    return { head: Buffer.from(`,"host":"${account}","source":"${iface}","event":"`), tail: Buffer.from('"}\n') };
  };
  const token = fc.oneof(
    fc.constantFrom('-', '', '0', '01418530010', '1418530010', '999999999999', '1000000000000', 'ACCEPT', 'OK', 'eni-1', '123456789012'),
    fc.stringMatching(/^[0-9a-z.-]{0,14}$/),
  );
  const plainSeconds = /^[1-9][0-9]{0,11}$/;

  it("writes {\"time\":<start>, the line's metadata and the line, or declines exactly what the JS path must read", () => {
    fc.assert(
      fc.property(fc.array(token, { minLength: 12, maxLength: 16 }), fc.constantFrom('', ' ', '{'), (parts, lead) => {
        const line = lead + parts.join(' ');
        seen.length = 0;
        const answer = event(recordOf(line), fields, bytesFor);
        const split = line.split(' ');
        const taken = line.length > 0 && !line.startsWith(' ') && !line.startsWith('{') && split.length === 14 && plainSeconds.test(split[10]!);
        if (!taken) {
          expect(answer).toBeUndefined();
          return;
        }
        const expected = `{"time":${split[10]},"host":"${split[1]}","source":"${split[2]}","event":"${line}"}\n`;
        expect(answer).toBeDefined();
        expect(seen).toEqual([[split[1], split[2]]]);
        expect(Buffer.from(answer!.output).toString('latin1')).toBe(expected);
        expect(answer!.base64Text).toBe(Buffer.from(expected, 'latin1').toString('base64'));
        expect(answer!.recordBytes).toBe(line.length + 14);
      }),
      { numRuns: 3000 },
    );
  });

  it('declines a line that is not plain ASCII, and gives empty text for a field the format lacks', () => {
    const line = '2 123456789012 eni-0a1b2c3d4e5f60718 10.0.1.23 172.31.16.139 443 49152 6 25 20000 1700000000 1700000060 ACCEPT OK';
    for (const bad of ['"', '\\', '\t', '\u007f', 'é']) expect(event(recordOf(line.replace('ACCEPT', `ACC${bad}EPT`)), fields, bytesFor)).toBeUndefined();
    const withoutAccount = originFields(compileFlowLogFormat(DEFAULT_FLOW_LOG_FIELDS.filter((f) => f !== 'account-id')));
    seen.length = 0;
    const short = line.replace(' 123456789012', '');
    expect(Buffer.from(event(recordOf(short), withoutAccount, bytesFor)!.output).toString('latin1')).toBe(`{"time":1700000000,"host":"","source":"eni-0a1b2c3d4e5f60718","event":"${short}"}\n`);
    expect(seen).toEqual([['', 'eni-0a1b2c3d4e5f60718']]);
  });

  it('gives the line it read as text, for the metadata of an account and interface not seen yet', () => {
    const line = '2 123456789012 eni-0a1b2c3d4e5f60718 10.0.1.23 172.31.16.139 443 49152 6 25 20000 1700000000 1700000060 ACCEPT OK';
    expect(lanes.readEvent(recordOf(line), fields)).toBe(true);
    expect([lanes.account, lanes.iface, lanes.lineText()]).toEqual(['123456789012', 'eni-0a1b2c3d4e5f60718', line]);
  });

  it('keeps long heads and lines exact across the 16-byte copies', () => {
    const line = Array.from({ length: 14 }, (_, i) => (i === 10 ? '1700000000' : 'x'.repeat(i * 7 + 1))).join(' ');
    const long: EventLineBytesFor = () => ({ head: Buffer.from(`,"host":"${'h'.repeat(301)}","event":"`), tail: Buffer.from('","fields":{"a":"b"}}\n') });
    const answer = event(recordOf(line), fields, long)!;
    const expected = `{"time":1700000000,"host":"${'h'.repeat(301)}","event":"${line}","fields":{"a":"b"}}\n`;
    expect(Buffer.from(answer.output).toString('latin1')).toBe(expected);
    expect(answer.base64Text).toBe(Buffer.from(expected).toString('base64'));
  });
});
