import type { TransformConfig } from '../config.js';
import { createRouter, type Router } from '../routing/routing.js';
import { detectSourcetype, VPC_FLOW_SOURCETYPE } from '../routing/sourcetype-detection.js';
import {
  filterIsActive,
  flowLogLineToObject,
  keepFlowLogLine,
  splitFlowLogLine,
} from '../flow-logs/vpc-flow-log.js';
import type { CloudWatchLogsDataMessage } from '../types.js';

/** What formatting one payload produced, with the counts the summary reports. */
export interface FormatResult {
  output: Buffer;
  eventsIn: number;
  eventsOut: number;
  /** Events removed by a configured VPC flow log filter. */
  filteredEvents: number;
  /** Empty messages skipped in Event mode: HEC rejects a whole batch for one blank event. */
  blankEvents: number;
  /** Flow log lines whose field count did not match the format; kept as they are. */
  unparsedFlowLogLines: number;
  sourcetype: string;
}

/** Splunk metadata and per-record switches resolved once per payload. */
export interface PayloadContext {
  host: string;
  source: string;
  sourcetype: string;
  index?: string;
  fields?: Record<string, string | string[]>;
  isFlowLog: boolean;
}

/** Formats CloudWatch Logs payloads as HEC Event or Raw bytes. */
export interface PayloadFormatter {
  format(payload: CloudWatchLogsDataMessage, region: string): FormatResult;
  context(payload: CloudWatchLogsDataMessage, region: string): PayloadContext;
  /** The routing table `context` resolves metadata with. */
  readonly router: Router;
}

/** Formats the HEC `time` for a CloudWatch timestamp in milliseconds: epoch seconds, ms precision. */
export function hecTime(timestampMs: number): number {
  return timestampMs / 1000;
}

function indexedFields(config: TransformConfig, payload: CloudWatchLogsDataMessage, region: string) {
  if (config.indexedFields.length === 0) return undefined;
  const fields: Record<string, string | string[]> = {};
  for (const name of config.indexedFields) {
    if (name === 'account') fields.account = payload.owner;
    else if (name === 'region') fields.region = region;
    else if (name === 'log_group') fields.log_group = payload.logGroup;
    else if (name === 'log_stream') fields.log_stream = payload.logStream;
    else if (name === 'subscription_filter') {
      const filters = payload.subscriptionFilters;
      if (filters.length === 1) fields.subscription_filter = filters[0] as string;
      else if (filters.length > 1) fields.subscription_filter = [...filters];
    }
  }
  return fields;
}

/** Parses a message as a JSON object when it is one; anything else stays a string. */
export function messageAsObject(message: string): unknown {
  if (!message.trimStart().startsWith('{')) return message;
  try {
    const parsed: unknown = JSON.parse(message);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? parsed : message;
  } catch {
    return message;
  }
}

/**
 * The general, obviously correct formatter: one object per event through JSON.stringify.
 * Every fast path must produce exactly these bytes.
 */
export function createPayloadFormatter(config: TransformConfig, router: Router = createRouter(config.routes, config.defaults)): PayloadFormatter {
  const flowFilterActive = filterIsActive(config.flowLogFilter);
  const flowFormat = config.flowLogFormat;
  const eventMode = config.endpointType === 'Event';

  function context(payload: CloudWatchLogsDataMessage, region: string): PayloadContext {
    const metadata = router.resolve({
      logGroup: payload.logGroup,
      logStream: payload.logStream,
      account: payload.owner,
      region,
    });
    const sourcetype = metadata.sourcetype ?? detectSourcetype(payload.logGroup, payload.logEvents[0]?.message);
    const result: PayloadContext = {
      host: metadata.host,
      source: metadata.source,
      sourcetype,
      isFlowLog: sourcetype === VPC_FLOW_SOURCETYPE,
    };
    if (metadata.index !== undefined) result.index = metadata.index;
    const fields = indexedFields(config, payload, region);
    if (fields !== undefined) result.fields = fields;
    return result;
  }

  function format(payload: CloudWatchLogsDataMessage, region: string): FormatResult {
    const ctx = context(payload, region);
    const parseFlow = ctx.isFlowLog && (flowFilterActive || config.flowLogEventFormat === 'object');
    const lines: string[] = [];
    let filteredEvents = 0;
    let blankEvents = 0;
    let unparsedFlowLogLines = 0;

    for (const logEvent of payload.logEvents) {
      const message = logEvent.message;
      let event: unknown = message;
      if (parseFlow) {
        const values = splitFlowLogLine(message, flowFormat);
        if (values === undefined) {
          unparsedFlowLogLines++;
        } else if (!keepFlowLogLine(values, flowFormat, config.flowLogFilter)) {
          filteredEvents++;
          continue;
        } else if (eventMode && config.flowLogEventFormat === 'object') {
          event = flowLogLineToObject(values, flowFormat);
        }
      }
      if (!eventMode) {
        lines.push(`${message}\n`);
        continue;
      }
      if (message.length === 0) {
        blankEvents++;
        continue;
      }
      if (config.jsonMessageAsObject && event === message) event = messageAsObject(message);
      const hecEvent: Record<string, unknown> = {
        time: hecTime(logEvent.timestamp),
        host: ctx.host,
        source: ctx.source,
        sourcetype: ctx.sourcetype,
      };
      if (ctx.index !== undefined) hecEvent.index = ctx.index;
      hecEvent.event = event;
      if (ctx.fields !== undefined) hecEvent.fields = ctx.fields;
      lines.push(`${JSON.stringify(hecEvent)}\n`);
    }
    return {
      output: Buffer.from(lines.join(''), 'utf8'),
      eventsIn: payload.logEvents.length,
      eventsOut: lines.length,
      filteredEvents,
      blankEvents,
      unparsedFlowLogLines,
      sourcetype: ctx.sourcetype,
    };
  }

  return { format, context, router };
}
