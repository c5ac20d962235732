import { DIRECT_FLOW_LOG_GROUP } from '../record/direct-flow-log.js';

export const VPC_FLOW_SOURCETYPE = 'aws:cloudwatchlogs:vpcflow';
export const CLOUDTRAIL_SOURCETYPE = 'aws:cloudtrail';
export const CLOUDWATCH_LOGS_SOURCETYPE = 'aws:cloudwatchlogs';

// Default-format (version 2+) flow log line: version, 12-digit account, ENI id, ...
const FLOW_LOG_LINE = /^\d+ (\d{12}|-) (eni-[0-9a-f]+|-) \S+ \S+ \S+ \S+ \S+ \S+ \S+ \S+ \S+ \S+ \S+/;

/** True when a message looks like a default-format VPC flow log line. */
export function looksLikeFlowLogLine(message: string): boolean {
  return FLOW_LOG_LINE.test(message);
}

/** True when a message looks like a CloudTrail event delivered through CloudWatch Logs. */
export function looksLikeCloudTrailEvent(message: string): boolean {
  return (
    message.startsWith('{') &&
    message.includes('"eventVersion"') &&
    message.includes('"eventSource"') &&
    message.includes('"awsRegion"')
  );
}

/**
 * Picks the default sourcetype for a record: flow logs and CloudTrail are recognised
 * by their first message (a log group holds one kind), everything else is generic. Flow log
 * records delivered straight to Firehose are flow logs by where they come from.
 */
export function detectSourcetype(logGroup: string, firstMessage: string | undefined): string {
  // Flow logs delivered straight to Firehose, whatever their format.
  if (logGroup === DIRECT_FLOW_LOG_GROUP) return VPC_FLOW_SOURCETYPE;
  if (firstMessage !== undefined) {
    if (looksLikeFlowLogLine(firstMessage)) return VPC_FLOW_SOURCETYPE;
    if (looksLikeCloudTrailEvent(firstMessage)) return CLOUDTRAIL_SOURCETYPE;
  }
  if (/cloudtrail/i.test(logGroup)) return CLOUDTRAIL_SOURCETYPE;
  return CLOUDWATCH_LOGS_SOURCETYPE;
}

const OPEN_BRACE = 0x7b;
const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;
/** The keys looksLikeCloudTrailEvent looks for, as JSON escapes them inside a string. */
export const ESCAPED_CLOUDTRAIL_KEYS = ['\\"eventVersion\\"', '\\"eventSource\\"', '\\"awsRegion\\"'] as const;

/** Whether JSON-escaped text holds every one of ESCAPED_CLOUDTRAIL_KEYS: the plain version of the scanner's search. */
export function holdsEscapedCloudTrailKeys(escaped: string): boolean {
  return ESCAPED_CLOUDTRAIL_KEYS.every((key) => escaped.includes(key));
}

/**
 * detectSourcetype for a first message read where it lies in a payload, still JSON-escaped
 * (canonical escapes only, as the WebAssembly scanner checked), without decoding it: from its
 * first byte (-1 for no message or an empty one) and, for a message starting with `{`, whether
 * its escaped text holds ESCAPED_CLOUDTRAIL_KEYS (asked only then). Undefined when it starts
 * with a digit: it may be a flow log line, and the caller decodes it and asks detectSourcetype.
 * Exact, because JSON escaping replaces each character by its own text: a message starts with
 * `{` or a digit exactly when its escaped text does, and holds `"eventVersion"` exactly when
 * the escaped text holds `\"eventVersion\"` (a `\` before `"` there cannot be the end of a
 * `\\`, since a bare `"` never occurs in escaped text).
 */
export function detectSourcetypeEscaped(
  logGroup: string,
  firstByte: number,
  holdsKeys: () => boolean,
  /** detectSourcetype(logGroup, undefined), where the caller keeps it per log group. */
  byGroup = detectSourcetype(logGroup, undefined),
): string | undefined {
  if (logGroup === DIRECT_FLOW_LOG_GROUP) return VPC_FLOW_SOURCETYPE;
  if (firstByte >= DIGIT_0 && firstByte <= DIGIT_9) return undefined;
  if (firstByte === OPEN_BRACE && holdsKeys()) return CLOUDTRAIL_SOURCETYPE;
  return byGroup;
}
