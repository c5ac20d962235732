import { WasmScannerError } from '../errors.js';
import { EVENT_SCANNER_WASM_BASE64 } from './generated/event-scanner-wasm.js';

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

// Enough for the first event of nearly every payload: sourcetype detection needs its message.
const FIRST_EVENT_WINDOW = 16 * 1024;

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
export class WasmEventScanner {
  private readonly wasm: ScannerExports;
  private readonly inputAt: number;
  private payload: Buffer | undefined;
  private copied = 0;
  private eventsStart = 0;

  constructor() {
    compiled ??= new WebAssembly.Module(Buffer.from(EVENT_SCANNER_WASM_BASE64, 'base64'));
    this.wasm = new WebAssembly.Instance(compiled, {}).exports as unknown as ScannerExports;
    this.inputAt = align(this.wasm.heapBase());
  }

  /**
   * Takes a payload and checks its first event. Returns the first message's byte span in the
   * payload ([0, 0] for an empty list), or undefined when the scanner declines. Only a window
   * is copied in for this, so a payload the caller then leaves to another path costs little.
   */
  load(payload: Buffer, eventsStart: number): { start: number; end: number } | undefined {
    this.payload = payload;
    this.copied = 0;
    this.eventsStart = eventsStart;
    this.copyIn(Math.min(payload.length, eventsStart + FIRST_EVENT_WINDOW));
    let scanned = this.wasm.scanFirst(this.inputAt + eventsStart, this.inputAt + this.copied);
    if (scanned !== 1 && this.copied < payload.length) {
      // The first event may just be longer than the window.
      this.copyIn(payload.length);
      scanned = this.wasm.scanFirst(this.inputAt + eventsStart, this.inputAt + payload.length);
    }
    if (scanned !== 1) return undefined;
    const start = this.wasm.getFirstMessageStart();
    return start === 0 ? { start: 0, end: 0 } : { start: start - this.inputAt, end: this.wasm.getFirstMessageEnd() - this.inputAt };
  }

  /** Formats the loaded payload's events: Event lines between `head` and `tail`, or Raw lines. */
  format(raw: boolean, head: Buffer, tail: Buffer): ScannedLines | undefined {
    const payload = this.payload;
    if (payload === undefined) throw new WasmScannerError('format was called before load');
    this.copyIn(payload.length);
    this.payload = undefined;
    const length = payload.length;
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
    throw new WasmScannerError(`it ran out of room within its own bound (${bound} bytes for a ${length}-byte payload)`);
  }

  /** Copies the payload in up to `end`, after what is already there. */
  private copyIn(end: number): void {
    const payload = this.payload as Buffer;
    if (end <= this.copied) return;
    this.ensure(this.inputAt + end);
    new Uint8Array(this.wasm.memory.buffer).set(payload.subarray(this.copied, end), this.inputAt + this.copied);
    this.copied = end;
  }

  private ensure(bytes: number): void {
    const memory = this.wasm.memory;
    const missing = bytes - memory.buffer.byteLength;
    if (missing > 0) memory.grow(Math.ceil(missing / 65536));
  }
}
