import { alarmSpecs, dashboardBody } from './alarms.js';
import { LAMBDA_ZIP_SPECIFIER } from './lambda-zip.js';
import {
  bucketPolicy,
  firehoseRoleDocuments,
  flowLogsRoleDocuments,
  lambdaRoleDocuments,
  logsRoleDocuments,
  type PolicyDocument,
  type RoleDocuments,
} from './iam-policies.js';
import { destinationAccessPolicy, grantOf, senderSubscriptionRoleDocuments } from './cross-account/destination-policies.js';
import { flowLogsCrossAccountRoleDocuments, flowLogsSourceRoleDocuments } from './cross-account/flow-log-delivery-roles.js';
import { flowLogDestination } from './flow-log-destination.js';
import { resourceNames, type ResourceNames } from './names.js';
import type { Settings } from './settings.js';

/** One resource the tool manages, with every setting it would be created with. */
export interface DesiredResource {
  type: string;
  name: string;
  arn?: string;
  settings: Record<string, unknown>;
  /** Policy documents (trust, permissions, bucket policy) for security review. */
  documents?: Record<string, PolicyDocument>;
}

export const MANAGED_BY_TAG = { key: 'managed-by', value: 'firehose-splunk' };
export const REDACTED = '<redacted: read from the token source at apply time>';

function tags(settings: Settings): Record<string, string> {
  return { [MANAGED_BY_TAG.key]: MANAGED_BY_TAG.value, 'firehose-splunk:name': settings.name };
}

function role(name: string, arn: string, purpose: string, documents: RoleDocuments, settings: Settings): DesiredResource {
  return {
    type: 'iam-role',
    name,
    arn,
    settings: { purpose, inlinePolicyName: `${name}-permissions`, tags: tags(settings) },
    documents: { trust: documents.trust, permissions: documents.permissions },
  };
}

/** Lambda environment for the transform function, passed through from the settings. */
export function lambdaEnvironment(settings: Settings): Record<string, string> {
  return { METRICS_NAMESPACE: 'FirehoseSplunk', METRICS_SERVICE: settings.name, ...settings.lambdaEnvironment, HEC_ENDPOINT_TYPE: settings.hecEndpointType };
}

/**
 * The full desired state for one account and region: every resource with its settings and
 * every IAM trust, permission and bucket policy document. Pure: no AWS call, no credentials.
 */
export function desiredState(settings: Settings): { names: ResourceNames; resources: DesiredResource[] } {
  const names = resourceNames(settings);
  if (settings.topology.kind === 'sender') return { names, resources: senderState(settings, names) };
  const t = tags(settings);
  const resources: DesiredResource[] = [
    {
      type: 's3-bucket',
      name: names.bucket,
      arn: names.bucketArn,
      settings: {
        region: settings.region,
        // CreateBucket takes no LocationConstraint in us-east-1 and requires one elsewhere.
        createBucketConfiguration: settings.region === 'us-east-1' ? null : { LocationConstraint: settings.region },
        publicAccessBlock: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true },
        encryption:
          settings.kmsKeyArn !== undefined
            ? { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: settings.kmsKeyArn, BucketKeyEnabled: true }
            : { SSEAlgorithm: 'AES256' },
        lifecycle: { id: 'expire-old-backups', expirationDays: settings.backupExpirationDays, abortIncompleteMultipartUploadDays: 7 },
        tags: t,
      },
      documents: { bucketPolicy: bucketPolicy(names) },
    },
    role(names.lambdaRole, names.roleArn(names.lambdaRole), 'transform Lambda execution', lambdaRoleDocuments(names), settings),
    role(names.firehoseRole, names.roleArn(names.firehoseRole), 'Firehose delivery', firehoseRoleDocuments(settings, names), settings),
    role(names.logsRole, names.roleArn(names.logsRole), 'CloudWatch Logs subscription to Firehose', logsRoleDocuments(settings, names), settings),
    ...flowLogRoles(settings, names),
    { type: 'log-group', name: names.lambdaLogGroup, arn: names.logGroupArn(names.lambdaLogGroup), settings: { retentionInDays: settings.logRetentionDays, tags: t } },
    {
      type: 'lambda-function',
      name: names.lambdaFunction,
      arn: names.lambdaArn,
      settings: {
        runtime: 'nodejs22.x',
        handler: 'index.handler',
        architecture: 'arm64',
        code: LAMBDA_ZIP_SPECIFIER,
        // The bench's 6 MB invocation peaks near 140 MB RSS; 256 MB leaves room, and the
        // timeout is far above a full invocation's time with every re-ingest retry.
        memorySizeMb: settings.lambdaMemoryMb,
        timeoutSeconds: settings.lambdaTimeoutSeconds,
        role: names.roleArn(names.lambdaRole),
        environment: lambdaEnvironment(settings),
        tags: t,
      },
    },
    {
      type: 'log-group',
      name: names.firehoseErrorLogGroup,
      arn: names.logGroupArn(names.firehoseErrorLogGroup),
      settings: { retentionInDays: settings.logRetentionDays, logStreams: [names.firehoseErrorLogStream], tags: t },
    },
    {
      type: 'firehose-delivery-stream',
      name: names.deliveryStream,
      arn: names.deliveryStreamArn,
      settings: {
        deliveryStreamType: 'DirectPut',
        splunk: {
          HECEndpoint: settings.hecUrl,
          HECEndpointType: settings.hecEndpointType,
          HECToken: REDACTED,
          hecTokenSource: settings.hecTokenSource,
          HECAcknowledgmentTimeoutInSeconds: settings.hecAckTimeoutSeconds,
          RetryOptions: { DurationInSeconds: settings.retryDurationSeconds },
          S3BackupMode: settings.s3BackupMode === 'AllEvents' ? 'AllEvents' : 'FailedEventsOnly',
          S3Configuration: {
            RoleARN: names.roleArn(names.firehoseRole),
            BucketARN: names.bucketArn,
            Prefix: 'splunk/',
            ErrorOutputPrefix: 'splunk-errors/',
            CompressionFormat: 'GZIP',
          },
          ProcessingConfiguration: {
            Enabled: true,
            Processors: [
              {
                Type: 'Lambda',
                Parameters: {
                  LambdaArn: names.lambdaArn,
                  RoleArn: names.roleArn(names.firehoseRole),
                  BufferSizeInMBs: settings.processorBufferSizeMb,
                  BufferIntervalInSeconds: settings.processorBufferIntervalSeconds,
                  NumberOfRetries: 3,
                },
              },
            ],
          },
          CloudWatchLoggingOptions: { Enabled: true, LogGroupName: names.firehoseErrorLogGroup, LogStreamName: names.firehoseErrorLogStream },
        },
        tags: t,
      },
    },
  ];
  const grant = grantOf(settings.topology, names.partition, settings.region, settings.accountId, names.destinationArn);
  if (grant) {
    resources.push({
      type: 'cloudwatch-logs-destination',
      name: names.destination,
      arn: names.destinationArn,
      settings: {
        targetArn: names.deliveryStreamArn,
        roleArn: names.roleArn(names.logsRole),
        senderAccountIds: grant.senderAccountIds,
        ...(grant.organizationId !== undefined ? { organizationId: grant.organizationId } : {}),
        tags: t,
      },
      documents: { accessPolicy: destinationAccessPolicy(grant) },
    });
  }
  resources.push(...logSources(settings, names, names.deliveryStreamArn, names.roleArn(names.logsRole)));
  if (settings.alarms.enabled && settings.alarms.topicArn === undefined) {
    resources.push({
      type: 'sns-topic',
      name: names.alarmTopic,
      arn: names.alarmTopicArn,
      settings: { emailSubscriptions: settings.alarms.emails, tags: t },
    });
  }
  const alarms = alarmSpecs(settings, names);
  for (const alarm of alarms) {
    resources.push({ type: 'cloudwatch-alarm', name: alarm.input.AlarmName as string, arn: alarmArn(names, settings, alarm.input.AlarmName as string), settings: { ...alarm.input, tags: t } });
  }
  resources.push({
    type: 'cloudwatch-dashboard',
    name: names.dashboard,
    settings: { body: dashboardBody(settings, names, alarms.map((a) => alarmArn(names, settings, a.input.AlarmName as string))) },
  });
  return { names, resources };
}

/**
 * The flow log group, a flow log per VPC into it, and a subscription filter on it and on every
 * other log group, to `destinationArn` (the stream, or the central account's destination).
 */
function logSources(settings: Settings, names: ResourceNames, destinationArn: string, roleArn: string | undefined): DesiredResource[] {
  const t = tags(settings);
  const toGroup = settings.flowLogsTo === 'cloudwatch-logs';
  const resources: DesiredResource[] = toGroup
    ? [{ type: 'log-group', name: names.flowLogGroup, arn: names.logGroupArn(names.flowLogGroup), settings: { retentionInDays: settings.logRetentionDays, tags: t } }]
    : [];
  const destination = flowLogDestination(settings, names);
  const vpcs = settings.vpcIds === 'all' ? ['<every VPC in the region, listed at apply time>'] : settings.vpcIds;
  for (const vpc of vpcs) {
    resources.push({
      type: 'vpc-flow-log',
      name: `${settings.name}:${vpc}`,
      settings: {
        resourceType: 'VPC',
        resourceId: vpc,
        trafficType: 'ALL',
        ...Object.fromEntries(Object.entries(destination).map(([key, value]) => [key[0]!.toLowerCase() + key.slice(1), value])),
        maxAggregationIntervalSeconds: 60,
        tags: t,
      },
    });
  }
  // Flow logs straight to Firehose have no log group to subscribe.
  for (const group of [...(toGroup ? [names.flowLogGroup] : []), ...settings.logGroups]) {
    resources.push({
      type: 'subscription-filter',
      name: `${settings.name}-to-splunk`,
      settings: {
        logGroupName: group,
        filterPattern: '',
        destinationArn,
        ...(roleArn !== undefined ? { roleArn } : {}),
        // A log group allows two subscription filters; a third is a conflict to report, not to overwrite.
        onConflict: 'report',
      },
    });
  }
  return resources;
}

/**
 * A sender account: only its flow logs, log groups and filters, pointing at the central
 * account's destination. No stream, Lambda, bucket, token or alarm: those are the central's.
 * The filters carry a role only when the destination grants an organisation, as AWS requires.
 */
function senderState(settings: Settings, names: ResourceNames): DesiredResource[] {
  const topology = settings.topology as Extract<Settings['topology'], { kind: 'sender' }>;
  const resources: DesiredResource[] = flowLogRoles(settings, names);
  let filterRole: string | undefined;
  if (topology.organizationId !== undefined) {
    filterRole = names.roleArn(names.senderSubscriptionRole);
    const documents = senderSubscriptionRoleDocuments(names.partition, settings.region, settings.accountId, names.destinationArn);
    resources.push(role(names.senderSubscriptionRole, filterRole, `subscription filters to ${names.destinationArn} (organisation grant)`, documents, settings));
  }
  resources.push(...logSources(settings, names, names.destinationArn, filterRole));
  return resources;
}

/**
 * The roles VPC flow logs deliver with: the one that writes the flow log group; or, straight
 * to Firehose, none in one account, the source role in a sender and the cross-account role in
 * a central account.
 */
function flowLogRoles(settings: Settings, names: ResourceNames): DesiredResource[] {
  const roles: DesiredResource[] = [];
  const topology = settings.topology;
  if (settings.flowLogsTo === 'cloudwatch-logs') roles.push(role(names.flowLogsRole, names.roleArn(names.flowLogsRole), 'VPC flow logs delivery', flowLogsRoleDocuments(settings, names), settings));
  else if (topology.kind === 'sender') {
    const arn = names.roleArn(names.flowLogsSourceRole);
    const documents = flowLogsSourceRoleDocuments(names.partition, settings.region, settings.accountId, arn, settings.vpcIds, names.flowLogsCrossAccountRoleArn);
    roles.push(role(names.flowLogsSourceRole, arn, `VPC flow logs straight into ${names.flowLogsStreamArn}`, documents, settings));
  }
  // A central account's own route does not decide its senders': this role is for theirs.
  if (topology.kind === 'central' && topology.senderFlowLogsToFirehose) {
    const documents = flowLogsCrossAccountRoleDocuments(names.partition, topology.senderAccountIds, topology.organizationId, names.flowLogsSourceRole, names.deliveryStreamArn);
    roles.push(role(names.flowLogsCrossAccountRole, names.flowLogsCrossAccountRoleArn, 'senders\u2019 VPC flow logs straight into the stream', documents, settings));
  }
  return roles;
}

/** A CloudWatch alarm's ARN. */
export function alarmArn(names: ResourceNames, settings: Settings, alarmName: string): string {
  return `arn:${names.partition}:cloudwatch:${settings.region}:${settings.accountId}:alarm:${alarmName}`;
}
