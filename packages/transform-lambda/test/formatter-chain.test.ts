import { describe, expect, it } from '@jest/globals';
import { chainFormatters, createFastPath } from '../src/format/formatter-chain.js';
import type { FastFormatter } from '../src/format/js-fast-formatter.js';
import { createPayloadFormatter, type FormatResult } from '../src/format/general-formatter.js';
import { config, dataMessage } from './helpers.js';

const result = (label: string): FormatResult => ({
  output: Buffer.from(label),
  eventsIn: 1,
  eventsOut: 1,
  filteredEvents: 0,
  blankEvents: 0,
  unparsedFlowLogLines: 0,
  sourcetype: 'x',
});

describe('the fast path chain', () => {
  it('takes the first answer, and treats a throwing formatter as one that declined', () => {
    const calls: string[] = [];
    const throws: FastFormatter = () => {
      calls.push('throws');
      throw new RangeError('WebAssembly.Memory.grow(): Maximum memory size exceeded');
    };
    const declines: FastFormatter = () => {
      calls.push('declines');
      return undefined;
    };
    const answers: FastFormatter = () => {
      calls.push('answers');
      return result('answered');
    };
    const errors: unknown[] = [];
    const chain = chainFormatters([throws, undefined, declines, answers, throws], (error) => errors.push(error))!;
    expect(chain(Buffer.from('{}'), 'eu-west-1')!.output.toString()).toBe('answered');
    expect(calls).toEqual(['throws', 'declines', 'answers']);
    expect(errors).toEqual([expect.objectContaining({ name: 'RangeError' })]);
    expect(chainFormatters([throws])!(Buffer.from('{}'), 'eu-west-1')).toBeUndefined();
    expect(chainFormatters([undefined])).toBeUndefined();
  });

  it('is absent with FAST_PATH=off and formats CloudWatch payloads with wasm and js alike', () => {
    expect(createFastPath(config({ FAST_PATH: 'off' }), createPayloadFormatter(config()))).toBeUndefined();
    const payload = Buffer.from(JSON.stringify(dataMessage(['a "quoted" line', 'second'])));
    const outputs = (['wasm', 'js'] as const).map((path) => {
      const cfg = config({ FAST_PATH: path });
      return createFastPath(cfg, createPayloadFormatter(cfg))!(payload, 'eu-west-1')!.output.toString();
    });
    expect(outputs[0]).toBe(outputs[1]);
  });
});
