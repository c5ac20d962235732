import { isUtf8 } from 'node:buffer';
import type { TransformConfig } from '../config.js';
import { eventLineParts } from './event-line-parts.js';
import type { FastFormatter } from './js-fast-formatter.js';
import type { PayloadFormatter } from './general-formatter.js';
import { WasmEventScanner } from './wasm-scanner-loader.js';
import { LOG_EVENTS_KEY, parsePayloadHeader } from './payload-header.js';
import { filterIsActive } from '../flow-logs/vpc-flow-log.js';

const BACKSLASH = 0x5c;
const CLOSE_BRACE = 0x7d;

/**
 * The fastest path: the events are scanned and written by WebAssembly (assembly/line-scanner.ts)
 * in the scanner's memory, with no string per event and no regular expression over the payload.
 * The header, the context and everything it declines stay in JS: a payload it returns
 * undefined for goes on to the JS fast path, then the general path. VPC flow log filters and
 * the object event format are left to those paths.
 */
export function createWasmFormatter(config: TransformConfig, general: PayloadFormatter): FastFormatter | undefined {
  if (config.jsonMessageAsObject) return undefined;
  const leaveFlowLogs = filterIsActive(config.flowLogFilter) || config.flowLogEventFormat === 'object';
  const raw = config.endpointType === 'Raw';
  const scanner = new WasmEventScanner();

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
    if (first.end > 0) {
      // Sourcetype detection reads the first message; the scanner has checked its escapes.
      const message = JSON.parse(`"${decompressed.toString('utf8', first.start, first.end)}"`) as string;
      header.logEvents = [{ id: '', timestamp: 0, message }];
    }
    const ctx = general.context(header, region);
    if (ctx.isFlowLog && leaveFlowLogs) return undefined;
    let head = Buffer.alloc(0);
    let tail = Buffer.alloc(0);
    if (!raw) {
      const parts = eventLineParts(ctx);
      head = Buffer.from(parts.head, 'utf8');
      tail = Buffer.from(parts.tail, 'utf8');
    }
    const lines = scanner.format(raw, head, tail);
    // CloudWatch Logs writes logEvents last: anything after it goes to the other paths.
    if (lines === undefined || lines.endPosition !== decompressed.length - 2 || decompressed[decompressed.length - 1] !== CLOSE_BRACE) {
      return undefined;
    }
    return {
      output: lines.output,
      eventsIn: lines.eventsIn,
      eventsOut: lines.eventsOut,
      filteredEvents: 0,
      blankEvents: lines.blankEvents,
      unparsedFlowLogLines: 0,
      sourcetype: ctx.sourcetype,
    };
  };
}
