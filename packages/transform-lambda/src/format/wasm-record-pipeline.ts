import { isUtf8 } from 'node:buffer';
import { crc32 } from 'node:zlib';
import type { TransformConfig } from '../config.js';
import { strictBase64Bytes } from '../record/decode-record.js';
import { gunzipWithZlib, plausibleTrailerSizeAt } from '../record/gunzip.js';
import type { CloudWatchLogsDataMessage } from '../types.js';
import { align16 } from '../wasm/instance.js';
import { EVENT_LINE_END, eventLineParts } from './event-line-parts.js';
import type { FormatResult, PayloadFormatter } from './general-formatter.js';
import { configuredScanner, firstMessageText, SIMD_SLACK, type ScannedLines } from './wasm-scanner-loader.js';
import { detectSourcetype, detectSourcetypeEscaped, VPC_FLOW_SOURCETYPE } from '../routing/sourcetype-detection.js';
import type { HeaderSpans } from './event-head-program.js';
import { LogGroupHeads } from './log-group-heads.js';

/**
 * Records are inflated in WebAssembly up to this decompressed size (the gzip trailer's ISIZE),
 * larger ones by zlib and copied in. The WebAssembly gunzip, CRC-32 check included, measured at
 * least as fast as zlib.gunzipSync at every size on Node 22 here: 3.6 against 6.6 us a record on
 * the small-record corpus, 7.8 against 12.3 on many-groups, 78 against 89 on mixed records (85
 * KB), 77 against 78 on flow log records, 0.35 to 0.95 of zlib's time on 20 KB to 1 MB of
 * text, binary and repeated lines (zlib also allocates its output, which is then copied in).
 * The ceiling keeps a lying trailer from growing the memory without bound.
 */
export const WASM_GUNZIP_MAX_BYTES = 64 * 1024 * 1024;
/** The gunzip's bit reader may look at 8 bytes past its input. */
const INPUT_SLACK = 8;
const CLOSE_BRACE = 0x7d;
const EVENT_TAIL = Buffer.from(EVENT_LINE_END);

/** A record the pipeline formatted, with the sizes the summary counts. */
export interface PipelineResult extends FormatResult {
  compressedBytes: number;
  decompressedBytes: number;
  /**
   * The output's base64 text, encoded in WebAssembly beside it (latin1 bytes): valid, like
   * the output, until the next record; the output view may be detached once it is called.
   */
  encodeBase64: () => Uint8Array;
}

/**
 * One record, base64 text to HEC lines, in the scanner's memory: base64 decoded into it,
 * inflated there (in WebAssembly; zlib past WASM_GUNZIP_MAX_BYTES), the header read there
 * (assembly/event-scanner.ts `scanHeader`), the events scanned and written there. Per record,
 * JS looks up the log group's route and head program (log-group-heads.ts) and copies the head
 * in from the header's bytes; the sourcetype comes from the first message's escaped bytes. A record it declines (undefined)
 * goes the ordinary way, which reads it again and gives the same bytes or names the failure;
 * so every result here is one the general path would give (the differential tests hold it).
 * The output is a view of the scanner's memory, valid until the next call.
 */
export type RecordPipeline = (data: string, region: string) => PipelineResult | undefined;

/** `wasmGunzipMaxBytes`: tests set it low to take the zlib branch with small records. */
export function createWasmRecordPipeline(config: TransformConfig, general: PayloadFormatter, wasmGunzipMaxBytes = WASM_GUNZIP_MAX_BYTES): RecordPipeline | undefined {
  const configured = configuredScanner(config);
  if (configured === undefined) return undefined;
  const { scanner, raw, filtering, leaveFlowLogs } = configured;
  const wasm = scanner.module;
  const at = scanner.payloadAt;
  const groups = new LogGroupHeads(general.router);
  // Indexed fields name the account, stream and filters in each line's tail: those records keep the string path.
  const withFields = config.indexedFields.length > 0;

  // The last record's output, for encodeBase64.
  let outputAt = 0;
  let outputLength = 0;
  const encodeBase64 = (): Uint8Array => {
    // After the output and the 16 bytes its SIMD copies may have written past it.
    const textAt = align16(outputAt + outputLength + SIMD_SLACK);
    wasm.ensure(textAt + Math.ceil(outputLength / 3) * 4);
    const written = wasm.exports.base64Encode(outputAt, outputLength, textAt);
    return wasm.bytes().subarray(textAt, textAt + written);
  };

  // A trailer DEFLATE could not have written gives size 0: the WebAssembly gunzip declines it (no room), and the ordinary path names it.
  const inflatesInWasm = (size: number) => size <= wasmGunzipMaxBytes;

  /**
   * Decompresses the record's bytes at `inAt` to the payload place; its length, or -1 to
   * decline. In WebAssembly the gzip trailer's CRC-32 is then the caller's to check (on the one
   * view of the payload it makes anyway; zlib checks its own).
   */
  const inflate = (inAt: number, length: number, size: number): number => {
    const memory = wasm.bytes();
    if (inflatesInWasm(size)) {
      const written = wasm.exports.gunzip(inAt, inAt + length, at, at + size);
      return written === size ? size : -1;
    }
    let decompressed: Buffer;
    try {
      decompressed = gunzipWithZlib(memory.subarray(inAt, inAt + length));
    } catch {
      return -1;
    }
    wasm.ensure(at + decompressed.length);
    wasm.bytes().set(decompressed, at);
    return decompressed.length;
  };

  return (data, region) => {
    // Strict base64, as decodeBase64Strict reads it; anything else is the ordinary path's to report.
    if (data.length < 24) return undefined;
    const compressedBytes = strictBase64Bytes(data);
    if (compressedBytes < 0) return undefined;
    // The compressed bytes go above where the payload will lie: its size is only known from them.
    const scratchAt = align16(at + compressedBytes * 4);
    wasm.ensure(scratchAt + compressedBytes + INPUT_SLACK);
    let memory = wasm.bytes();
    if (memory.write(data, scratchAt, compressedBytes, 'base64') !== compressedBytes) return undefined;
    if (memory[scratchAt] !== 0x1f || memory[scratchAt + 1] !== 0x8b) return undefined;
    const size = plausibleTrailerSizeAt(memory, scratchAt, compressedBytes);
    // Inflating in WebAssembly above the scratch would overlap it: move the record above the payload's place.
    let inAt = scratchAt;
    if (inflatesInWasm(size) && at + size + INPUT_SLACK > scratchAt) {
      inAt = align16(at + size + INPUT_SLACK);
      wasm.ensure(inAt + compressedBytes + INPUT_SLACK);
      memory = wasm.bytes();
      memory.copyWithin(inAt, scratchAt, scratchAt + compressedBytes);
    }
    const length = inflate(inAt, compressedBytes, size);
    if (length < 0) return undefined;
    memory = wasm.bytes();
    const payload = memory.subarray(at, at + length);
    if (inflatesInWasm(size) && crc32(payload) !== memory.readUInt32LE(inAt + compressedBytes - 8)) return undefined;
    if (!isUtf8(payload) || payload[length - 1] !== CLOSE_BRACE) return undefined;

    const eventsAt = wasm.exports.scanHeader(at, at + length);
    if (eventsAt === 0) return undefined;
    const first = scanner.loadResident(length, eventsAt - at);
    if (first === undefined) return undefined;
    const e = wasm.exports;
    const spans: HeaderSpans = {
      ownerStart: e.getOwnerStart(),
      ownerEnd: e.getOwnerEnd(),
      groupStart: e.getGroupStart(),
      groupEnd: e.getGroupEnd(),
      streamStart: e.getStreamStart(),
      streamEnd: e.getStreamEnd(),
    };
    const group = groups.entry(memory, spans.groupStart, spans.groupEnd, region);
    const sourcetype =
      group.route.sourcetype ??
      detectSourcetypeEscaped(group.logGroup, first.start < first.end ? (memory[at + first.start] as number) : -1, () => wasm.exports.holdsEscapedCloudTrailKeys(at + first.start, at + first.end) === 1, group.sourcetypeByGroup) ??
      detectSourcetype(group.logGroup, firstMessageText(memory, first, at));
    const isFlowLog = sourcetype === VPC_FLOW_SOURCETYPE;
    if (isFlowLog && leaveFlowLogs) return undefined;
    const filter = filtering && isFlowLog;
    let lines: ScannedLines | undefined;
    const program = raw || withFields ? undefined : group.program(sourcetype, region);
    if (raw) {
      lines = scanner.formatWritten(true, 0, scanner.headAt(), 0, filter);
    } else if (program !== undefined) {
      const headAt = scanner.headAt();
      const headBytes = program.bytes(spans);
      const tailAt = align16(headAt + headBytes);
      wasm.ensure(tailAt + EVENT_TAIL.length);
      memory = wasm.bytes();
      program.write(memory, headAt, spans);
      memory.set(EVENT_TAIL, tailAt);
      lines = scanner.formatWritten(false, headBytes, tailAt, EVENT_TAIL.length, filter);
    } else {
      // Indexed fields (or a route a program cannot hold): the context and its strings, per record.
      const header: CloudWatchLogsDataMessage = {
        messageType: 'DATA_MESSAGE',
        owner: memory.toString('utf8', spans.ownerStart, spans.ownerEnd),
        logGroup: group.logGroup,
        logStream: memory.toString('utf8', spans.streamStart, spans.streamEnd),
        subscriptionFilters: subscriptionFilters(memory, e.getFiltersStart(), e.getFiltersEnd()),
        logEvents: first.end > 0 ? [{ id: '', timestamp: 0, message: firstMessageText(memory, first, at) }] : [],
      };
      const parts = eventLineParts(general.context(header, region));
      lines = scanner.format(false, parts.head, parts.tail, filter);
    }
    // CloudWatch Logs writes logEvents last: anything after it goes to the other paths.
    if (lines === undefined || lines.endPosition !== length - 2) return undefined;
    outputAt = lines.output.byteOffset;
    outputLength = lines.output.length;
    return {
      encodeBase64,
      output: lines.output,
      eventsIn: lines.eventsIn,
      eventsOut: lines.eventsOut,
      filteredEvents: lines.filteredEvents,
      blankEvents: lines.blankEvents,
      unparsedFlowLogLines: lines.unparsedFlowLogLines,
      sourcetype,
      compressedBytes,
      decompressedBytes: length,
    };
  };
}

/** The subscription filters' names from their list's text (`"a","b"`, no escapes: the scanner checked). */
function subscriptionFilters(memory: Buffer, start: number, end: number): string[] {
  if (start === end) return [];
  const text = memory.toString('utf8', start + 1, end - 1);
  return text.includes('","') ? text.split('","') : [text];
}
