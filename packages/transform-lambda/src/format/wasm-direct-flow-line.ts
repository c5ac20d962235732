import { strictBase64Bytes } from '../record/decode-record.js';
import { DIRECT_RECORD_CLOSE, DIRECT_RECORD_OPEN, type OriginFields } from '../record/direct-flow-log.js';
import { align16, TransformWasm } from '../wasm/instance.js';
import { SIMD_SLACK } from './wasm-scanner-loader.js';

/** A direct flow log record's HEC output, checked, written and encoded in WebAssembly. */
export interface WasmDirectLine {
  /** The line: a view of the module's memory, valid until the next call. */
  output: Buffer;
  /** The output's base64 text, as the response carries it. */
  base64Text: string;
  /** Bytes of the decoded record. */
  recordBytes: number;
}

/** The text an Event line wraps around the flow log line, as bytes. */
export interface EventLineBytes {
  head: Buffer;
  tail: Buffer;
}

/** `{"message":"` and `"}` around the line. */
const AROUND_LINE_BYTES = DIRECT_RECORD_OPEN.length + DIRECT_RECORD_CLOSE.length;
/** The spans directEventFields writes (account, interface, start: start and end each, u32). */
const SPAN_BYTES = 24;
/** `{"time":` before an Event line's time. */
const TIME_OPEN_BYTES = 8;
/** A field index directEventFields never reaches: an absent field is given as it. */
const NO_FIELD = 0xffff;

/**
 * Flow log records delivered straight to Firehose, through assembly/direct-flow-line.ts. Each
 * record's base64 is decoded into WebAssembly memory by Node (strictly: the decoded length must
 * be what the text's length promises); the module checks the record's shape and line, writes
 * the HEC output and its base64 text; JS makes one latin1 string of that text. In Event mode JS
 * resolves the line's Splunk metadata between the module's two calls (readEvent, writeEvent).
 * Declined: anything but `{"message":"<line>"}` with a line of printable ASCII other than
 * quote and backslash, and in Event mode a line of another field count or a `start` that is
 * not plain epoch seconds; the JS path in direct-flow-log-formatter.ts takes those, and gives
 * the same bytes (the differential test holds them equal).
 *
 * Methods, not closures made per record: a closure per call was a fifth of the Event line's
 * time under tsx (its keepNames renames each one). The module is instantiated at the first
 * direct record, so a deployment that never sees one pays nothing for it at cold start.
 */
export class WasmDirectFlowLines {
  private wasm: TransformWasm | undefined;
  private recordBytes = 0;
  private spansAt = 0;
  /** The account-id field's text of the record readEvent took ('' when the format has none). */
  account = '';
  /** Its interface-id field's text. */
  iface = '';

  /** Raw mode: `<line>\n`; undefined declines the record (the JS path then reads it). */
  raw(data: string): WasmDirectLine | undefined {
    const module = this.decode(data);
    if (module === undefined) return undefined;
    const src = module.heapStart;
    const textAt = align16(src + this.recordBytes + SIMD_SLACK);
    const characters = module.exports.directRawLine(src, this.recordBytes, textAt);
    if (characters < 0) return undefined;
    const memory = module.bytes();
    return {
      output: memory.subarray(src + DIRECT_RECORD_OPEN.length, src + this.recordBytes - 1),
      base64Text: memory.toString('latin1', textAt, textAt + characters),
      recordBytes: this.recordBytes,
    };
  }

  /**
   * Event mode, first half (no filters, string events; `fields.start` must be in the format):
   * reads the record's line and its fields into `account` and `iface`; false declines it.
   */
  readEvent(data: string, fields: OriginFields): boolean {
    const module = this.decode(data);
    if (module === undefined) return false;
    const src = module.heapStart;
    this.spansAt = align16(src + this.recordBytes + SIMD_SLACK);
    if (module.exports.directEventFields(src, this.recordBytes, fields.count, fieldIndex(fields.account), fieldIndex(fields.iface), fields.start, this.spansAt) !== 0) return false;
    const memory = module.bytes();
    const at = this.spansAt;
    this.account = memory.toString('latin1', memory.readUInt32LE(at), memory.readUInt32LE(at + 4));
    this.iface = memory.toString('latin1', memory.readUInt32LE(at + 8), memory.readUInt32LE(at + 12));
    return true;
  }

  /** The line readEvent took, as text. */
  lineText(): string {
    const module = this.wasm as TransformWasm;
    return module.bytes().toString('latin1', module.heapStart + DIRECT_RECORD_OPEN.length, module.heapStart + this.recordBytes - DIRECT_RECORD_CLOSE.length);
  }

  /** Event mode, second half: the line readEvent took, as `{"time":<start>` + head + line + tail. */
  writeEvent({ head, tail }: EventLineBytes): WasmDirectLine {
    const module = this.wasm as TransformWasm;
    const src = module.heapStart;
    const spansAt = this.spansAt;
    let memory = module.bytes();
    const digits = memory.readUInt32LE(spansAt + 20) - memory.readUInt32LE(spansAt + 16);
    const lineBytes = TIME_OPEN_BYTES + digits + head.length + (this.recordBytes - AROUND_LINE_BYTES) + tail.length;
    // Each part is copied 16 bytes at a time: SIMD_SLACK after each.
    const headAt = align16(spansAt + SPAN_BYTES);
    const tailAt = align16(headAt + head.length + SIMD_SLACK);
    const outAt = align16(tailAt + tail.length + SIMD_SLACK);
    const textAt = align16(outAt + lineBytes + SIMD_SLACK);
    module.ensure(textAt + Math.ceil(lineBytes / 3) * 4 + SIMD_SLACK);
    memory = module.bytes();
    memory.set(head, headAt);
    memory.set(tail, tailAt);
    const characters = module.exports.directEventLine(src, this.recordBytes, spansAt, headAt, head.length, tailAt, tail.length, outAt, textAt);
    return {
      output: memory.subarray(outAt, outAt + lineBytes),
      base64Text: memory.toString('latin1', textAt, textAt + characters),
      recordBytes: this.recordBytes,
    };
  }

  /** Decodes the record at heapStart (its length in recordBytes); undefined when the text is not strict base64. */
  private decode(data: string): TransformWasm | undefined {
    const recordBytes = strictBase64Bytes(data);
    if (recordBytes < 0) return undefined;
    const module = (this.wasm ??= new TransformWasm());
    // The record, its 16-byte loads' slack, and room for a Raw line's text after it.
    module.ensure(align16(module.heapStart + recordBytes + SIMD_SLACK) + Math.ceil(recordBytes / 3) * 4 + SIMD_SLACK);
    if (module.bytes().write(data, module.heapStart, recordBytes, 'base64') !== recordBytes) return undefined;
    this.recordBytes = recordBytes;
    return module;
  }
}

const fieldIndex = (index: number) => (index < 0 ? NO_FIELD : index);
