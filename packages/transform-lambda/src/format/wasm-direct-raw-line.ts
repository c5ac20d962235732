import { DIRECT_RECORD_OPEN } from '../record/direct-flow-log.js';
import { align16, TransformWasm } from '../wasm/instance.js';
import { SIMD_SLACK } from './wasm-scanner-loader.js';

/** A direct flow log record's Raw output, checked and encoded in WebAssembly. */
export interface WasmRawLine {
  /** `<line>\n`: a view of the module's memory, valid until the next call. */
  output: Buffer;
  /** The output's base64 text, as the response carries it. */
  base64Text: string;
  /** Bytes of the decoded record. */
  recordBytes: number;
}

/** Reads one direct record's base64 text; undefined declines it (the JS path then reads it). */
export type WasmDirectRawLine = (data: string) => WasmRawLine | undefined;

/**
 * Flow log records delivered straight to Firehose, in Raw mode without filters: the record's
 * base64 is decoded into WebAssembly memory by Node (strictly: the decoded length must be what
 * the text's length promises), and assembly/direct-raw-line.ts checks the record's shape and
 * line and writes the base64 text of `<line>\n` beside it. JS then makes one latin1 string of
 * that text. Declined: anything but `{"message":"<line>"}` with a line of printable ASCII other
 * than quote and backslash; the JS path in direct-flow-log-formatter.ts takes those, and gives
 * the same bytes (the differential test holds them equal).
 *
 * The module is instantiated at the first direct record, so a deployment that never sees one
 * pays nothing for it at cold start.
 */
export function createWasmDirectRawLine(): WasmDirectRawLine {
  let wasm: TransformWasm | undefined;
  return (data) => {
    if (data.length % 4 !== 0) return undefined;
    wasm ??= new TransformWasm();
    const padding = data.endsWith('==') ? 2 : data.endsWith('=') ? 1 : 0;
    const recordBytes = (data.length / 4) * 3 - padding;
    const src = wasm.heapStart;
    // The scan's and the encoder's 16-byte loads stay inside the record; the slack is for safety.
    const dst = align16(src + recordBytes + SIMD_SLACK);
    wasm.ensure(dst + Math.ceil(recordBytes / 3) * 4);
    const memory = wasm.bytes();
    if (memory.write(data, src, recordBytes, 'base64') !== recordBytes) return undefined;
    const characters = wasm.exports.directRawLine(src, recordBytes, dst);
    if (characters < 0) return undefined;
    return {
      output: memory.subarray(src + MESSAGE_OPEN_BYTES, src + recordBytes - 1),
      base64Text: memory.toString('latin1', dst, dst + characters),
      recordBytes,
    };
  };
}

const MESSAGE_OPEN_BYTES = DIRECT_RECORD_OPEN.length;
