import { isUtf8 } from 'node:buffer';
import type { FlowLogFormat } from '../flow-logs/vpc-flow-log.js';
import type { CloudWatchLogsDataMessage } from '../types.js';

/**
 * Flow logs published straight to Firehose (`LogDestinationType: kinesis-data-firehose`) reach
 * the Lambda without CloudWatch Logs in between: each Firehose record is one flow log record as
 * uncompressed JSON, `{"message":"2 123456789012 eni-... 10.0.0.1 ... ACCEPT OK"}`, with no log
 * group, stream or timestamp around it. AWS calls the format "plain text"; the record shape is
 * the one Splunk's own processor for these records reads
 * (splunk/splunk-aws-firehose-flowlogs-processor, `SplunkFirehoseFlowlogsProcessor/app.py`).
 *
 * A record holding the bare line, which AWS's "plain text" could also mean, is read the same
 * way (one line with the format's field count).
 *
 * Such a record becomes a one-event CloudWatch Logs payload, so it is formatted exactly as a
 * flow log line that came through a log group: the same sourcetype, filters, Event and Raw
 * output, and its time taken from the line's `start` field.
 * @see https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-firehose.html
 */

/** The log group a direct record is routed and sourced as: it has none of its own. */
export const DIRECT_FLOW_LOG_GROUP = 'vpc-flow-logs';

/** The fast paths read a direct record as exactly `{"message":"<line>"}`: the text around the line. */
export const DIRECT_RECORD_OPEN = '{"message":"';
export const DIRECT_RECORD_CLOSE = '"}';

/** How every direct record's base64 begins: `{"` encodes as `eyJ`. */
export const DIRECT_RECORD_BASE64_PREFIX = 'eyJ';

const OPEN_BRACE = 0x7b;

/** What a direct record's line says about itself: who sent it, from which interface, when. */
export interface DirectFlowLogOrigin {
  owner: string;
  logStream: string;
  timestampMs: number;
  /** The `start` field's text when it gave the timestamp. */
  startText?: string;
}

/** Where the fields a direct record's origin comes from sit in the format; -1 when absent. */
export interface OriginFields {
  count: number;
  account: number;
  iface: number;
  start: number;
}

/** The positions of account-id, interface-id and start in a flow log format, found once. */
export function originFields(format: FlowLogFormat): OriginFields {
  return { count: format.fields.length, account: format.fields.indexOf('account-id'), iface: format.fields.indexOf('interface-id'), start: format.fields.indexOf('start') };
}

/**
 * The account, interface and time of one flow log line, from the fields the format names; a
 * line whose field count differs from the format gives none of them (arrival time instead).
 * It walks the spaces rather than splitting: three slices instead of one string per field,
 * since this runs once per record (a third of the direct path's time when it split).
 */
export function directFlowLogOrigin(message: string, fields: OriginFields, arrivalMs: number): DirectFlowLogOrigin {
  let account: string | undefined;
  let iface: string | undefined;
  let start: string | undefined;
  let field = 0;
  let from = 0;
  for (;;) {
    const space = message.indexOf(' ', from);
    const end = space === -1 ? message.length : space;
    if (field === fields.account) account = message.slice(from, end);
    else if (field === fields.iface) iface = message.slice(from, end);
    else if (field === fields.start) start = message.slice(from, end);
    field++;
    if (space === -1) break;
    from = space + 1;
  }
  if (field !== fields.count) return { owner: '', logStream: '', timestampMs: arrivalMs };
  const seconds = Number(start);
  const owner = ownerOf(account);
  if (Number.isFinite(seconds) && seconds > 0) return { owner, logStream: iface ?? '', timestampMs: seconds * 1000, startText: start as string };
  return { owner, logStream: iface ?? '', timestampMs: arrivalMs };
}

/** The owner a line's account-id field gives: none for `-` (a flow log's empty value) or an absent field. */
export function ownerOf(account: string | undefined): string {
  return account !== undefined && account !== '-' ? account : '';
}

/**
 * The payload for a record delivered straight from VPC flow logs, or undefined when the bytes
 * are not one (not a JSON object with a string `message`).
 * - `logStream` is the line's interface id, as CloudWatch Logs names a flow log stream after it;
 * - `owner` is the line's account id;
 * - the event's timestamp is the line's `start` (epoch seconds) when the format has one and it
 *   is a number, otherwise the record's arrival time.
 */
export function directFlowLogPayload(bytes: Buffer, format: FlowLogFormat, arrivalMs: number, recordId: string): CloudWatchLogsDataMessage | undefined {
  if (bytes[0] !== OPEN_BRACE) return plainLinePayload(bytes, format, arrivalMs, recordId);
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
  const message = (parsed as { message?: unknown }).message;
  if (typeof message !== 'string') return undefined;
  return directPayload(message, directFlowLogOrigin(message, originFields(format), arrivalMs), recordId);
}

/**
 * A record that is the bare line, as AWS's "plain text" could also be read: one flow log line
 * with the format's field count (a trailing newline allowed), and valid UTF-8. Anything else,
 * several lines included, is not taken: the record fails and is kept, never guessed at.
 */
function plainLinePayload(bytes: Buffer, format: FlowLogFormat, arrivalMs: number, recordId: string): CloudWatchLogsDataMessage | undefined {
  if (!isUtf8(bytes)) return undefined;
  let line = bytes.toString('utf8');
  if (line.endsWith('\n')) line = line.slice(0, -1);
  if (line.length === 0 || /[\x00-\x1f]/.test(line) || line.split(' ').length !== format.fields.length) return undefined;
  return directPayload(line, directFlowLogOrigin(line, originFields(format), arrivalMs), recordId);
}

/** The one-event payload of a direct record. */
export function directPayload(message: string, origin: DirectFlowLogOrigin, recordId: string): CloudWatchLogsDataMessage {
  return {
    messageType: 'DATA_MESSAGE',
    owner: origin.owner,
    logGroup: DIRECT_FLOW_LOG_GROUP,
    logStream: origin.logStream,
    subscriptionFilters: [],
    logEvents: [{ id: recordId, timestamp: origin.timestampMs, message }],
  };
}
