import type { Argv } from 'yargs';

/** Options every command shares, as yargs gives them to a handler. */
export interface CommonArgs {
  name?: string;
  accountId?: string;
  region?: string[];
  hecUrl?: string;
  hecEndpointType?: string;
  s3BackupMode?: string;
  hecAckTimeout?: number;
  retryDuration?: number;
  processorBufferSizeMb?: number;
  processorBufferInterval?: number;
  kmsKeyArn?: string;
  vpcId?: string[];
  allVpcs?: boolean;
  logGroup?: string[];
  logRetentionDays?: number;
  backupExpirationDays?: number;
  lambdaMemory?: number;
  lambdaTimeout?: number;
  lambdaEnv?: string[];
  hecTokenFile?: string;
  hecTokenStdin?: boolean;
  hecTokenSecretArn?: string;
  alarms?: boolean;
  alarmEmail?: string[];
  alarmTopicArn?: string;
  silenceAlarm?: boolean;
  silenceMinutes?: number;
  senderAccountId?: string[];
  organizationId?: string;
  centralAccountId?: string;
  forceDestinationPolicyUpdate?: boolean;
  flowLogsTo?: string;
  senderFlowLogsToFirehose?: boolean;
  config?: string;
  profile?: string;
  assumeRoleArn?: string;
  externalId?: string;
  output: 'text' | 'json';
}

/** Adds the shared options; defaults live in validateSettings so a config file and flags agree. */
export function commonOptions(yargs: Argv): Argv<CommonArgs> {
  return yargs
    .option('name', { type: 'string', describe: 'Prefix of every resource (default splunk-logs)' })
    .option('account-id', { type: 'string', describe: 'AWS account id (offline plan; otherwise read from STS)' })
    .option('region', { type: 'string', array: true, describe: 'AWS region (repeatable)' })
    .option('hec-url', { type: 'string', describe: 'Splunk HEC base URL, https only' })
    .option('hec-endpoint-type', { type: 'string', describe: 'Event (default) or Raw' })
    .option('s3-backup-mode', { type: 'string', describe: 'FailedEventsOnly (default) or AllEvents' })
    .option('hec-ack-timeout', { type: 'number', describe: 'HEC acknowledgement timeout, 180-600 s (default 180)' })
    .option('retry-duration', { type: 'number', describe: 'Firehose retry duration, 0-7200 s (default 300)' })
    .option('processor-buffer-size-mb', { type: 'number', describe: 'Lambda processor buffer size, 0.2-3 MB (default 0.256)' })
    .option('processor-buffer-interval', { type: 'number', describe: 'Lambda processor buffer interval, 60-900 s (default 60)' })
    .option('kms-key-arn', { type: 'string', describe: 'Encrypt the backup bucket with this KMS key (default SSE-S3)' })
    .option('vpc-id', { type: 'string', array: true, describe: 'VPC to send flow logs for (repeatable)' })
    .option('all-vpcs', { type: 'boolean', describe: 'Flow logs for every VPC in the region' })
    .option('log-group', { type: 'string', array: true, describe: 'Other log group to subscribe (repeatable)' })
    .option('log-retention-days', { type: 'number', describe: 'Retention of the log groups it creates (default 30)' })
    .option('backup-expiration-days', { type: 'number', describe: 'Expire backup objects after this many days (default 90)' })
    .option('lambda-memory', { type: 'number', describe: 'Transform Lambda memory in MB (default 256)' })
    .option('lambda-timeout', { type: 'number', describe: 'Transform Lambda timeout in s (default 60)' })
    .option('lambda-env', { type: 'string', array: true, describe: 'Transform Lambda setting KEY=VALUE, e.g. DEFAULT_INDEX=aws (repeatable)' })
    .option('hec-token-file', { type: 'string', describe: 'Read the HEC token from this file (default: $SPLUNK_HEC_TOKEN)' })
    .option('hec-token-stdin', { type: 'boolean', describe: 'Read the HEC token from standard input' })
    .option('hec-token-secret-arn', { type: 'string', describe: 'Read the HEC token from this Secrets Manager secret' })
    .option('alarms', { type: 'boolean', describe: 'CloudWatch alarms on delivery, processing, quotas, silence and the Lambda (default on; --no-alarms skips them)' })
    .option('alarm-email', { type: 'string', array: true, describe: 'Subscribe this address to the alarm topic this tool creates (repeatable)' })
    .option('alarm-topic-arn', { type: 'string', describe: 'Notify this existing SNS topic instead of creating one' })
    .option('silence-alarm', { type: 'boolean', describe: 'Alarm when no record comes in (default on; --no-silence-alarm removes it)' })
    .option('silence-minutes', { type: 'number', describe: 'Minutes without incoming records before the silence alarm, 5-1440 (default 60)' })
    .option('sender-account-id', { type: 'string', array: true, describe: 'Central account: let this account subscribe to the destination in front of the stream (repeatable)' })
    .option('organization-id', { type: 'string', describe: 'Central account: let every account of this organisation (o-...) subscribe; sender: the organisation its central grants' })
    .option('central-account-id', { type: 'string', describe: 'Sender: subscribe the log groups to the destination of this central account (no stream, Lambda or bucket here)' })
    .option('force-destination-policy-update', { type: 'boolean', describe: "Central account: move the destination's grant from accounts to --organization-id once every sender carries the organisation role" })
    .option('flow-logs-to', { type: 'string', describe: 'VPC flow logs into a CloudWatch Logs group subscribed to the stream (cloudwatch-logs, default) or straight into the stream (firehose)' })
    .option('sender-flow-logs-to-firehose', { type: 'boolean', describe: "Central account: its senders send flow logs straight into its stream (creates the cross-account role they need; implied by --flow-logs-to firehose, and set from a config file's senders)" })
    .option('config', { type: 'string', describe: 'JSON or YAML file listing accounts and regions' })
    .option('profile', { type: 'string', describe: 'AWS profile to use (default: the SDK credential chain)' })
    .option('assume-role-arn', { type: 'string', describe: 'Assume this role first (cross-account runs)' })
    .option('external-id', { type: 'string', describe: 'External id for --assume-role-arn' })
    .option('output', { choices: ['text', 'json'] as const, default: 'text' as const, describe: 'Output format' }) as unknown as Argv<CommonArgs>;
}
