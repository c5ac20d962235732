import type { ResourceNames } from './names.js';
import type { Settings } from './settings.js';

/**
 * Where a VPC's flow log delivers, as CreateFlowLogs takes it: a log group (with the role that
 * writes it), or a Firehose stream (straight, with no role in the same account; with the
 * source and central roles across accounts).
 * @see https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateFlowLogs.html
 */
export type FlowLogDestination =
  | { LogDestinationType: 'cloud-watch-logs'; LogGroupName: string; DeliverLogsPermissionArn: string }
  | { LogDestinationType: 'kinesis-data-firehose'; LogDestination: string; DeliverLogsPermissionArn?: string; DeliverCrossAccountRole?: string };

export function flowLogDestination(settings: Settings, names: ResourceNames): FlowLogDestination {
  if (settings.flowLogsTo === 'cloudwatch-logs') {
    return { LogDestinationType: 'cloud-watch-logs', LogGroupName: names.flowLogGroup, DeliverLogsPermissionArn: names.roleArn(names.flowLogsRole) };
  }
  if (settings.topology.kind === 'sender') {
    return {
      LogDestinationType: 'kinesis-data-firehose',
      LogDestination: names.flowLogsStreamArn,
      DeliverLogsPermissionArn: names.roleArn(names.flowLogsSourceRole),
      DeliverCrossAccountRole: names.flowLogsCrossAccountRoleArn,
    };
  }
  return { LogDestinationType: 'kinesis-data-firehose', LogDestination: names.flowLogsStreamArn };
}

/** What DescribeFlowLogs says of one flow log, as far as its destination goes. */
export interface DescribedFlowLog {
  LogDestinationType?: string;
  LogGroupName?: string;
  LogDestination?: string;
  DeliverLogsPermissionArn?: string;
  DeliverCrossAccountRole?: string;
}

/** True when a flow log delivers where `wanted` says, through the same roles. */
export function deliversTo(flowLog: DescribedFlowLog, wanted: FlowLogDestination): boolean {
  if (wanted.LogDestinationType === 'cloud-watch-logs') {
    return (flowLog.LogDestinationType ?? 'cloud-watch-logs') === 'cloud-watch-logs' && flowLog.LogGroupName === wanted.LogGroupName && flowLog.DeliverLogsPermissionArn === wanted.DeliverLogsPermissionArn;
  }
  return (
    flowLog.LogDestinationType === 'kinesis-data-firehose' &&
    flowLog.LogDestination === wanted.LogDestination &&
    (flowLog.DeliverLogsPermissionArn || undefined) === wanted.DeliverLogsPermissionArn &&
    (flowLog.DeliverCrossAccountRole || undefined) === wanted.DeliverCrossAccountRole
  );
}

/** "into /x/vpc-flow-logs" or "straight into arn:...:deliverystream/x". */
export function describeFlowLogDestination(wanted: FlowLogDestination): string {
  return wanted.LogDestinationType === 'cloud-watch-logs' ? `into ${wanted.LogGroupName}` : `straight into ${wanted.LogDestination}`;
}
