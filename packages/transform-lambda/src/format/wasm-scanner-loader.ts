import { WasmScannerError } from '../errors.js';
import type { TransformConfig } from '../config.js';
import { filterIsActive, type FlowLogFilter, type FlowLogFormat } from '../flow-logs/vpc-flow-log.js';
import { align16 as align, TransformWasm } from '../wasm/instance.js';

const NO_ROOM = -2;
// The shortest event, {"id":"","timestamp":1000000000,"message":""} and a comma: a bound on the event count.
const SHORTEST_EVENT_BYTES = 46;
// {"time":, at most 15 digits with a point, and a newline: what an Event line adds beside head and tail.
const TIME_BYTES = 24;

/** Bytes the scanner's SIMD copies may write past the end of its output. */
export const SIMD_SLACK = 16;
/** The scanner records at most this many fields of a flow log line; a longer format is left to the JS paths. */
export const MAX_SCANNED_FLOW_FIELDS = 64;

// Enough for the first event of nearly every payload: sourcetype detection needs its message.
const FIRST_EVENT_WINDOW = 16 * 1024;

/** What the scanner made of a payload's events. */
export interface ScannedLines {
  /** A view of the scanner's memory: valid until the scanner is used again. */
  output: Buffer;
  eventsIn: number;
  eventsOut: number;
  blankEvents: number;
  /** Flow log lines the filters removed, and lines kept because their field count did not match. */
  filteredEvents: number;
  unparsedFlowLogLines: number;
  /** Offset in the payload of the `]` that closes logEvents. */
  endPosition: number;
}

/**
 * The flow log filters as the scanner reads them (assembly/event-scanner.ts setFlowFilter): the
 * field count, then one check per configured rule, as keepFlowLogLine applies them.
 */
export function flowFilterSpec(format: FlowLogFormat, filter: FlowLogFilter): Buffer {
  const checks: Array<{ field: number; drop: boolean; values: string[] }> = [];
  if (filter.dropNoData && format.logStatusIndex >= 0) checks.push({ field: format.logStatusIndex, drop: true, values: ['NODATA', 'SKIPDATA'] });
  if (filter.actions && format.actionIndex >= 0) checks.push({ field: format.actionIndex, drop: false, values: [...filter.actions] });
  if (filter.protocols && format.protocolIndex >= 0) checks.push({ field: format.protocolIndex, drop: false, values: [...filter.protocols] });
  const words: Buffer[] = [u32s(format.fields.length, checks.length)];
  for (const check of checks) {
    words.push(u32s(check.field, check.drop ? 1 : 0, check.values.length));
    for (const value of check.values) {
      const bytes = Buffer.from(value, 'utf8');
      words.push(u32s(bytes.length), bytes, Buffer.alloc((4 - (bytes.length % 4)) % 4));
    }
  }
  return Buffer.concat(words);
}

function u32s(...values: number[]): Buffer {
  const bytes = Buffer.alloc(values.length * 4);
  values.forEach((v, i) => bytes.writeUInt32LE(v, i * 4));
  return bytes;
}

/** The first message's byte span in the payload ([0, 0] for an empty list) and whether it holds an escape. */
export interface FirstMessage {
  start: number;
  end: number;
  escaped: boolean;
}

/**
 * The first message's text: its bytes as they are, or JSON-decoded when it holds an escape
 * (canonical escapes only: the scanner checked). `offset`: where the payload starts in `bytes`.
 */
export function firstMessageText(bytes: Buffer, first: FirstMessage, offset = 0): string {
  const text = bytes.toString('utf8', offset + first.start, offset + first.end);
  return first.escaped ? (JSON.parse(`"${text}"`) as string) : text;
}

/**
 * The WebAssembly event scanner (assembly/event-scanner.ts) with its own memory. Use is
 * synchronous: `load` a payload (or `loadResident` one already in memory), then `format` it,
 * before the next payload. Memory grows to the largest payload seen and is kept.
 */
export class WasmEventScanner {
  readonly module = new TransformWasm();
  private readonly wasm = this.module.exports;
  /** Where a payload lies in memory: after the flow log filters, if any. */
  readonly payloadAt: number;
  private payload: Buffer | undefined;
  private length = 0;
  private copied = 0;
  private eventsStart = 0;

  /** `flowFilter`: the filters (flowFilterSpec) that `format(..., filter = true)` applies. */
  constructor(flowFilter?: Buffer) {
    let at = this.module.heapStart;
    if (flowFilter !== undefined) {
      this.module.ensure(at + flowFilter.length);
      this.module.bytes().set(flowFilter, at);
      this.wasm.setFlowFilter(at);
      at = align(at + flowFilter.length);
    }
    this.payloadAt = at;
  }

  /**
   * Takes a payload and checks its first event. Returns the first message's span, or
   * undefined when the scanner declines. Only a window is copied in for this, so a payload the
   * caller then leaves to another path costs little.
   */
  load(payload: Buffer, eventsStart: number): FirstMessage | undefined {
    this.payload = payload;
    this.length = payload.length;
    this.copied = 0;
    this.eventsStart = eventsStart;
    this.copyIn(Math.min(payload.length, eventsStart + FIRST_EVENT_WINDOW));
    let scanned = this.wasm.scanFirst(this.payloadAt + eventsStart, this.payloadAt + this.copied);
    if (scanned !== 1 && this.copied < payload.length) {
      // The first event may just be longer than the window.
      this.copyIn(payload.length);
      scanned = this.wasm.scanFirst(this.payloadAt + eventsStart, this.payloadAt + payload.length);
    }
    return scanned === 1 ? this.firstMessage() : undefined;
  }

  /** As `load`, for a payload of `length` bytes already written at `payloadAt`. */
  loadResident(length: number, eventsStart: number): FirstMessage | undefined {
    this.payload = undefined;
    this.length = length;
    this.copied = length;
    this.eventsStart = eventsStart;
    return this.wasm.scanFirst(this.payloadAt + eventsStart, this.payloadAt + length) === 1 ? this.firstMessage() : undefined;
  }

  private firstMessage(): FirstMessage {
    const start = this.wasm.getFirstMessageStart();
    if (start === 0) return { start: 0, end: 0, escaped: false };
    return { start: start - this.payloadAt, end: this.wasm.getFirstMessageEnd() - this.payloadAt, escaped: this.wasm.getFirstMessageEscaped() === 1 };
  }

  /**
   * Formats the loaded payload's events: Event lines between `head` and `tail`, or Raw lines
   * (head and tail empty), through the flow log filters when `filterFlowLogs`. The output is a
   * view of the scanner's memory.
   */
  format(raw: boolean, head: string, tail: string, filterFlowLogs = false): ScannedLines | undefined {
    if (this.length === 0) throw new WasmScannerError('format was called before load');
    this.copyIn(this.length);
    const headAt = this.headAt();
    // UTF-8 takes at most 3 bytes per UTF-16 unit.
    this.module.ensure(headAt + 3 * (head.length + tail.length) + 32);
    const memory = this.module.bytes();
    const headLength = memory.write(head, headAt, 'utf8');
    const tailAt = align(headAt + headLength);
    const tailLength = memory.write(tail, tailAt, 'utf8');
    return this.formatWritten(raw, headLength, tailAt, tailLength, filterFlowLogs);
  }

  /** Where `formatWritten` reads the head: after the loaded payload. */
  headAt(): number {
    return align(this.payloadAt + this.length);
  }

  /**
   * As `format`, with the head already written at `headAt()` (`headLength` bytes) and the tail
   * at `tailAt`, after it. Raw mode has neither (lengths 0).
   */
  formatWritten(raw: boolean, headLength: number, tailAt: number, tailLength: number, filterFlowLogs = false): ScannedLines | undefined {
    if (this.length === 0) throw new WasmScannerError('format was called before load');
    this.copyIn(this.length);
    const length = this.length;
    const headAt = this.headAt();
    this.payload = undefined;
    this.length = 0;
    const outAt = align(tailAt + tailLength);
    // A first guess, and the bound no payload can pass if the guess is short.
    const guess = raw ? length : 2 * length + 4096;
    const bound = raw ? length : length + (Math.floor(length / SHORTEST_EVENT_BYTES) + 1) * (TIME_BYTES + headLength + tailLength);
    for (const room of guess < bound ? [guess, bound] : [bound]) {
      // SIMD copies may write up to 16 bytes past the last line (then overwritten or unused).
      this.module.ensure(outAt + room + SIMD_SLACK);
      const memory = this.module.bytes();
      const written = this.wasm.format(this.payloadAt + this.eventsStart, this.payloadAt + length, raw ? 1 : 0, filterFlowLogs ? 1 : 0, headAt, headLength, tailAt, tailLength, outAt, outAt + room);
      if (written === NO_ROOM) continue;
      if (written < 0) return undefined;
      return {
        output: memory.subarray(outAt, outAt + written),
        eventsIn: this.wasm.getEventsIn(),
        eventsOut: this.wasm.getEventsOut(),
        blankEvents: this.wasm.getBlankEvents(),
        filteredEvents: this.wasm.getFilteredEvents(),
        unparsedFlowLogLines: this.wasm.getUnparsedLines(),
        endPosition: this.wasm.getEndPosition() - this.payloadAt,
      };
    }
    throw new WasmScannerError(`it ran out of room within its own bound (${bound} bytes for a ${length}-byte payload)`);
  }

  /** Copies the payload in up to `end`, after what is already there. */
  private copyIn(end: number): void {
    if (end <= this.copied) return;
    const payload = this.payload as Buffer;
    this.module.ensure(this.payloadAt + end);
    this.module.bytes().set(payload.subarray(this.copied, end), this.payloadAt + this.copied);
    this.copied = end;
  }
}

/** A scanner set up for a configuration, and what the WebAssembly paths leave to the others. */
export interface ConfiguredScanner {
  scanner: WasmEventScanner;
  raw: boolean;
  /** VPC flow log filters are configured: the scanner applies them to flow logs. */
  filtering: boolean;
  /** Flow logs go to the JS paths: as objects (VPC_FLOW_EVENT_FORMAT=object), or a format past MAX_SCANNED_FLOW_FIELDS under filters. */
  leaveFlowLogs: boolean;
}

/** Both WebAssembly paths start here; undefined when the configuration leaves them nothing (JSON_MESSAGE_AS_OBJECT). */
export function configuredScanner(config: TransformConfig): ConfiguredScanner | undefined {
  if (config.jsonMessageAsObject) return undefined;
  const filtering = filterIsActive(config.flowLogFilter);
  return {
    scanner: new WasmEventScanner(filtering ? flowFilterSpec(config.flowLogFormat, config.flowLogFilter) : undefined),
    raw: config.endpointType === 'Raw',
    filtering,
    leaveFlowLogs: config.flowLogEventFormat === 'object' || (filtering && config.flowLogFormat.fields.length > MAX_SCANNED_FLOW_FIELDS),
  };
}
