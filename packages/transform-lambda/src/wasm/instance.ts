import { TRANSFORM_WASM_BASE64 } from './generated-module.js';

// The project's lib settings carry no WebAssembly types (they come with the DOM lib); this is
// the little of the API used here, present in Node 20 and 22 alike.
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
};

/** What assembly/index.ts exports: the event scanner and the small-record gunzip. */
export interface TransformWasmExports {
  memory: WasmMemory;
  heapBase(): number;
  // The event scanner (assembly/event-scanner.ts).
  getEventsIn(): number;
  getEventsOut(): number;
  getBlankEvents(): number;
  getEndPosition(): number;
  getFirstMessageStart(): number;
  getFirstMessageEnd(): number;
  getFirstMessageEscaped(): number;
  scanHeader(start: number, end: number): number;
  getOwnerStart(): number;
  getOwnerEnd(): number;
  getGroupStart(): number;
  getGroupEnd(): number;
  getStreamStart(): number;
  getStreamEnd(): number;
  getFiltersStart(): number;
  getFiltersEnd(): number;
  scanFirst(start: number, end: number): number;
  format(start: number, end: number, raw: number, filter: number, head: number, headLength: number, tail: number, tailLength: number, out: number, outEnd: number): number;
  setFlowFilter(spec: number): void;
  getFilteredEvents(): number;
  getUnparsedLines(): number;
  // The gunzip (assembly/gunzip.ts).
  gunzip(start: number, end: number, out: number, outEnd: number): number;
  // The escaped-key search (assembly/escaped-keys.ts): 1 or 0.
  holdsEscapedCloudTrailKeys(start: number, end: number): number;
  // Base64 (assembly/base64.ts): the characters written.
  base64Encode(src: number, n: number, dst: number): number;
  // Flow log records straight to Firehose (assembly/direct-flow-line.ts): the Raw line's base64
  // characters written, or -1; the Event line's field spans (0, or -1), then its base64 characters.
  directRawLine(src: number, n: number, dst: number): number;
  directEventFields(src: number, n: number, fieldCount: number, account: number, iface: number, start: number, spans: number): number;
  directEventLine(src: number, n: number, spans: number, head: number, headLength: number, tail: number, tailLength: number, out: number, text: number): number;
}

const WASM_PAGE_BYTES = 65536;
let compiled: object | undefined;

/** 16-byte alignment for the buffers laid out in linear memory (SIMD loads like it). */
export const align16 = (n: number) => (n + 15) & ~15;

/**
 * One instance of the module with its own linear memory. Memory grows to the largest use seen
 * and is kept, so a warm Lambda allocates nothing here. Not shared between users: each keeps
 * its own buffers where it likes, above `heapStart`.
 */
export class TransformWasm {
  readonly exports: TransformWasmExports;
  /** The first byte free for the user's buffers. */
  readonly heapStart: number;
  private view: Buffer;
  /** Bytes of linear memory, kept here: the `buffer` getter of WebAssembly.Memory is not free. */
  private capacity: number;

  constructor() {
    compiled ??= new WebAssembly.Module(Buffer.from(TRANSFORM_WASM_BASE64, 'base64'));
    this.exports = new WebAssembly.Instance(compiled, {}).exports as unknown as TransformWasmExports;
    this.heapStart = align16(this.exports.heapBase());
    this.view = Buffer.from(this.exports.memory.buffer);
    this.capacity = this.view.length;
  }

  /** Grows memory to hold at least `bytes`. */
  ensure(bytes: number): void {
    if (bytes <= this.capacity) return;
    const memory = this.exports.memory;
    memory.grow(Math.ceil((bytes - this.capacity) / WASM_PAGE_BYTES));
    // Growing detaches the old buffer: take a view of the new one. (The module itself never grows memory.)
    this.view = Buffer.from(memory.buffer);
    this.capacity = this.view.length;
  }

  /** The memory as a Buffer (a new view after each growth; take it again after `ensure`). */
  bytes(): Buffer {
    return this.view;
  }
}
