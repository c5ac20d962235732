import { LINE_SCANNER_WASM_BASE64 } from './generated/line-scanner-wasm.js';

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

interface ScannerExports {
  memory: WasmMemory;
  heapBase(): number;
  getEventsIn(): number;
  getEventsOut(): number;
  getBlankEvents(): number;
  getEndPosition(): number;
  getFirstMessageStart(): number;
  getFirstMessageEnd(): number;
  scanFirst(start: number, end: number): number;
  format(start: number, end: number, raw: number, head: number, headLength: number, tail: number, tailLength: number, out: number, outEnd: number): number;
}

const NO_ROOM = -2;
// The shortest event, {"id":"","timestamp":1000000000,"message":""} and a comma: a bound on the event count.
const SHORTEST_EVENT_BYTES = 46;
// {"time":, at most 15 digits with a point, and a newline: what an Event line adds beside head and tail.
const TIME_BYTES = 24;

let compiled: object | undefined;

/** What the scanner made of a payload's events. */
export interface ScannedLines {
  output: Buffer;
  eventsIn: number;
  eventsOut: number;
  blankEvents: number;
  /** Offset in the payload of the `]` that closes logEvents. */
  endPosition: number;
}

const align = (n: number) => (n + 15) & ~15;

/**
 * The WebAssembly event scanner (assembly/line-scanner.ts) with its own memory. Use is
 * synchronous: `load` a payload, then `format` it, before the next payload. Memory grows to
 * the largest payload seen and is kept.
 */
export class LineScanner {
  private readonly wasm: ScannerExports;
  private readonly inputAt: number;
  private loadedLength = -1;
  private eventsStart = 0;

  constructor() {
    compiled ??= new WebAssembly.Module(Buffer.from(LINE_SCANNER_WASM_BASE64, 'base64'));
    this.wasm = new WebAssembly.Instance(compiled, {}).exports as unknown as ScannerExports;
    this.inputAt = align(this.wasm.heapBase());
  }

  /**
   * Copies the payload in and checks its first event. Returns the first message's byte span
   * in the payload ([0, 0] for an empty list), or undefined when the scanner declines.
   */
  load(payload: Buffer, eventsStart: number): { start: number; end: number } | undefined {
    this.ensure(this.inputAt + payload.length);
    new Uint8Array(this.wasm.memory.buffer).set(payload, this.inputAt);
    this.loadedLength = payload.length;
    this.eventsStart = eventsStart;
    if (this.wasm.scanFirst(this.inputAt + eventsStart, this.inputAt + payload.length) !== 1) return undefined;
    const start = this.wasm.getFirstMessageStart();
    return start === 0 ? { start: 0, end: 0 } : { start: start - this.inputAt, end: this.wasm.getFirstMessageEnd() - this.inputAt };
  }

  /** Formats the loaded payload's events: Event lines between `head` and `tail`, or Raw lines. */
  format(raw: boolean, head: Buffer, tail: Buffer): ScannedLines | undefined {
    const length = this.loadedLength;
    if (length < 0) throw new Error('LineScanner.format before load');
    this.loadedLength = -1;
    const headAt = align(this.inputAt + length);
    const tailAt = align(headAt + head.length);
    const outAt = align(tailAt + tail.length);
    // A first guess, and the bound no payload can pass if the guess is short.
    const guess = raw ? length : 2 * length + 4096;
    const bound = raw ? length : length + (Math.floor(length / SHORTEST_EVENT_BYTES) + 1) * (TIME_BYTES + head.length + tail.length);
    for (const room of guess < bound ? [guess, bound] : [bound]) {
      this.ensure(outAt + room);
      const memory = new Uint8Array(this.wasm.memory.buffer);
      memory.set(head, headAt);
      memory.set(tail, tailAt);
      const written = this.wasm.format(this.inputAt + this.eventsStart, this.inputAt + length, raw ? 1 : 0, headAt, head.length, tailAt, tail.length, outAt, outAt + room);
      if (written === NO_ROOM) continue;
      if (written < 0) return undefined;
      return {
        output: Buffer.from(memory.subarray(outAt, outAt + written)),
        eventsIn: this.wasm.getEventsIn(),
        eventsOut: this.wasm.getEventsOut(),
        blankEvents: this.wasm.getBlankEvents(),
        endPosition: this.wasm.getEndPosition() - this.inputAt,
      };
    }
    throw new Error(`the line scanner ran out of room within its own bound (${bound} bytes for a ${length}-byte payload)`);
  }

  private ensure(bytes: number): void {
    const memory = this.wasm.memory;
    const missing = bytes - memory.buffer.byteLength;
    if (missing > 0) memory.grow(Math.ceil(missing / 65536));
  }
}
