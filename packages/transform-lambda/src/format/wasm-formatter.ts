import { isUtf8 } from 'node:buffer';
import type { TransformConfig } from '../config.js';
import { eventLineParts } from './event-line-parts.js';
import type { FastFormatter } from './js-fast-formatter.js';
import type { PayloadFormatter } from './general-formatter.js';
import { configuredScanner, firstMessageText } from './wasm-scanner-loader.js';
import { LOG_EVENTS_KEY, parsePayloadHeader } from './payload-header.js';

const BACKSLASH = 0x5c;

const CLOSE_BRACE = 0x7d;

/**
 * The events of a decompressed payload scanned and written by WebAssembly
 * (assembly/event-scanner.ts) in the scanner's memory, with no string per event and no regular
 * expression over the payload, VPC flow log filters included. The header, the context and
 * everything it declines stay in JS: a payload it returns undefined for goes on to the JS fast
 * path, then the general path. Flow logs as objects are left to those paths. (The record
 * pipeline, wasm-record-pipeline.ts, runs before this one and does the same from base64 on.)
 */
export function createWasmFormatter(config: TransformConfig, general: PayloadFormatter): FastFormatter | undefined {
  const configured = configuredScanner(config);
  if (configured === undefined) return undefined;
  const { scanner, raw, filtering, leaveFlowLogs } = configured;

  return (decompressed, region) => {
    if (!isUtf8(decompressed)) return undefined;
    const arrayStart = decompressed.indexOf(LOG_EVENTS_KEY);
    if (arrayStart < 0) return undefined;
    // Only the header is searched: a flow log payload has no backslash to stop a whole-buffer search early.
    if (decompressed.subarray(0, arrayStart).includes(BACKSLASH)) return undefined;
    const header = parsePayloadHeader(decompressed.toString('utf8', 0, arrayStart));
    if (header === undefined) return undefined;

    const first = scanner.load(decompressed, arrayStart + LOG_EVENTS_KEY.length);
    if (first === undefined) return undefined;
    if (first.end > 0) header.logEvents = [{ id: '', timestamp: 0, message: firstMessageText(decompressed, first) }];
    const ctx = general.context(header, region);
    if (ctx.isFlowLog && leaveFlowLogs) return undefined;
    const parts = raw ? { head: '', tail: '' } : eventLineParts(ctx);
    const lines = scanner.format(raw, parts.head, parts.tail, filtering && ctx.isFlowLog);
    // CloudWatch Logs writes logEvents last: anything after it goes to the other paths.
    if (lines === undefined || lines.endPosition !== decompressed.length - 2 || decompressed[decompressed.length - 1] !== CLOSE_BRACE) {
      return undefined;
    }
    return {
      // A copy: the scanner's memory is reused by the next payload.
      output: Buffer.from(lines.output),
      eventsIn: lines.eventsIn,
      eventsOut: lines.eventsOut,
      filteredEvents: lines.filteredEvents,
      blankEvents: lines.blankEvents,
      unparsedFlowLogLines: lines.unparsedFlowLogLines,
      sourcetype: ctx.sourcetype,
    };
  };
}
