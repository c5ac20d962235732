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
