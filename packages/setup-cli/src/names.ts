import type { Settings } from './settings.js';

/** Names and ARNs of every resource, derived from the settings alone. */
export interface ResourceNames {
  partition: string;
  bucket: string;
  bucketArn: string;
  deliveryStream: string;
  deliveryStreamArn: string;
  lambdaFunction: string;
  lambdaArn: string;
  lambdaLogGroup: string;
  firehoseErrorLogGroup: string;
  firehoseErrorLogStream: string;
  flowLogGroup: string;
  lambdaRole: string;
  firehoseRole: string;
  logsRole: string;
  flowLogsRole: string;
  alarmTopic: string;
  alarmTopicArn: string;
  dashboard: string;
  /** The CloudWatch Logs destination in front of the stream (central account). */
  destination: string;
  /** Its ARN in the central account of this region: this account's for a central one, the central's for a sender. */
  destinationArn: string;
  /** The role a sender's filters carry when the destination grants an organisation. */
  senderSubscriptionRole: string;
  /** The delivery stream flow logs go to with --flow-logs-to firehose: this account's, or the central's for a sender. */
  flowLogsStreamArn: string;
  /** Sender, flow logs straight to the central stream: the role log delivery uses in this account. */
  flowLogsSourceRole: string;
  /** Central account: the role senders' log delivery assumes to reach its stream (cross-account flow logs). */
  flowLogsCrossAccountRole: string;
  /** Its ARN in the central account (this one, or the central's for a sender). */
  flowLogsCrossAccountRoleArn: string;
  roleArn: (role: string) => string;
  logGroupArn: (group: string) => string;
}

/** AWS partition of a region: aws, aws-cn or aws-us-gov. */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/** The CloudWatch Logs destination in front of a central account's stream. */
export function destinationName(name: string): string {
  return `${name}-destination`;
}

/** That destination's ARN in an account and region. */
export function destinationArnOf(partition: string, region: string, account: string, name: string): string {
  return `arn:${partition}:logs:${region}:${account}:destination:${destinationName(name)}`;
}

/** Derives every name from `--name`, the account and the region (the bucket name must be globally unique). */
export function resourceNames(settings: Settings): ResourceNames {
  const { name, accountId: account, region } = settings;
  const partition = partitionOf(region);
  const deliveryStream = `${name}-to-splunk`;
  const lambdaFunction = `${name}-transform`;
  const bucket = `${name}-backup-${account}-${region}`;
  const destination = destinationName(name);
  // Cross-account filters reach a destination of their own region only.
  const destinationAccount = settings.topology.kind === 'sender' ? settings.topology.centralAccountId : account;
  return {
    partition,
    bucket,
    bucketArn: `arn:${partition}:s3:::${bucket}`,
    deliveryStream,
    deliveryStreamArn: `arn:${partition}:firehose:${region}:${account}:deliverystream/${deliveryStream}`,
    lambdaFunction,
    lambdaArn: `arn:${partition}:lambda:${region}:${account}:function:${lambdaFunction}`,
    lambdaLogGroup: `/aws/lambda/${lambdaFunction}`,
    firehoseErrorLogGroup: `/aws/kinesisfirehose/${deliveryStream}`,
    firehoseErrorLogStream: 'DestinationDelivery',
    flowLogGroup: `/${name}/vpc-flow-logs`,
    lambdaRole: `${name}-transform-lambda`,
    firehoseRole: `${name}-firehose`,
    logsRole: `${name}-cwlogs-to-firehose`,
    flowLogsRole: `${name}-vpc-flow-logs`,
    alarmTopic: `${name}-alarms`,
    alarmTopicArn: `arn:${partition}:sns:${region}:${account}:${name}-alarms`,
    dashboard: `${name}-logs-to-splunk`,
    destination,
    destinationArn: destinationArnOf(partition, region, destinationAccount, name),
    senderSubscriptionRole: `${name}-cwlogs-to-destination`,
    flowLogsStreamArn: `arn:${partition}:firehose:${region}:${destinationAccount}:deliverystream/${deliveryStream}`,
    flowLogsSourceRole: `${name}-flow-logs-to-firehose`,
    flowLogsCrossAccountRole: `${name}-flow-logs-cross-account`,
    flowLogsCrossAccountRoleArn: `arn:${partition}:iam::${destinationAccount}:role/${name}-flow-logs-cross-account`,
    roleArn: (role) => `arn:${partition}:iam::${account}:role/${role}`,
    logGroupArn: (group) => `arn:${partition}:logs:${region}:${account}:log-group:${group}`,
  };
}
