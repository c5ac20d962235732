import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { createWasmDirectRawLine } from '../src/format/wasm-direct-raw-line.js';

/**
 * The WebAssembly lane for flow log records straight to Firehose in Raw mode
 * (assembly/direct-raw-line.ts): it answers exactly `<line>\n` for a record
 * `{"message":"<line>"}` whose line is printable ASCII without quote or backslash, and declines
 * everything else (the JS path and the general path take those; the handler-level differential
 * test in direct-flow-log.test.ts holds all paths equal).
 */
describe('a direct flow log record read in WebAssembly (Raw mode)', () => {
  const rawLine = createWasmDirectRawLine();
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
