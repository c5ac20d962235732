import { CodedError } from '@firehose-splunk/internal';
import type { DesiredResource } from '../desired-state.js';
import type { ResourceNames } from '../names.js';
import type { Settings } from '../settings.js';
import { neutral, type CfnValue } from './account-neutral.js';

/**
 * The offline plan as one CloudFormation template: the same resources, names, policies, tags,
 * alarms, dashboard and destination as apply would make, for one account and region. The HEC
 * token is never in it (a NoEcho parameter, or a Secrets Manager dynamic reference), the Lambda
 * code comes from S3 through parameters, and every mention of the account, region and
 * partition is a pseudo parameter, so one template serves a whole StackSet.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-template-resource-type-ref.html
 */

export interface CfnResource {
  Type: string;
  Properties: Record<string, CfnValue>;
  DependsOn?: string[];
  DeletionPolicy?: 'Retain' | 'Delete';
  UpdateReplacePolicy?: 'Retain' | 'Delete';
  Metadata?: Record<string, CfnValue>;
}

export interface CfnTemplate {
  AWSTemplateFormatVersion: '2010-09-09';
  Description: string;
  Parameters: Record<string, Record<string, CfnValue>>;
  Resources: Record<string, CfnResource>;
  Outputs: Record<string, { Description: string; Value: CfnValue }>;
}

/** Why a plan cannot be a template, with what to do; plan reports it as an INVALID_SETTINGS problem. */
export class TemplateNotPossible extends CodedError<'TEMPLATE_NOT_POSSIBLE'> {
  constructor(message: string) {
    super('TEMPLATE_NOT_POSSIBLE', message);
  }
}

/** The parameters the template takes: where the Lambda zip is, and the token unless it comes from a secret. */
export const LAMBDA_CODE_BUCKET_PARAMETER = 'LambdaCodeS3Bucket';
export const LAMBDA_CODE_KEY_PARAMETER = 'LambdaCodeS3Key';
export const HEC_TOKEN_PARAMETER = 'HecToken';
/** The JSON key the Secrets Manager reference reads, the first one `apply` accepts too. */
export const SECRET_TOKEN_KEY = 'token';
/** The metadata key that names the plan resource a template resource stands for. */
export const PLAN_RESOURCE_KEY = 'FirehoseSplunkPlanResource';

/**
 * A plan resource's "<type> <name>" as the template's metadata records it, with this account
 * and region written `<account>` and `<region>`, as every copy of a StackSet shares it.
 */
export function planResourceLabel(type: string, name: string, accountId: string, region: string): string {
  return `${type} ${name}`.replaceAll(accountId, '<account>').replaceAll(region, '<region>');
}

/** The logical ids of those resources the template holds (a log group made elsewhere has none). */
const inTemplate = (...ids: Array<string | undefined>): string[] => ids.filter((id): id is string => id !== undefined);
const tagList = (tags: unknown): CfnValue => Object.entries((tags ?? {}) as Record<string, string>).map(([Key, Value]) => ({ Key, Value }));
const PREFIX: Record<string, string> = {
  's3-bucket': 'BackupBucket',
  'iam-role': 'Role',
  'log-group': 'LogGroup',
  'lambda-function': 'TransformFunction',
  'firehose-delivery-stream': 'DeliveryStream',
  'vpc-flow-log': 'FlowLog',
  'subscription-filter': 'SubscriptionFilter',
  'sns-topic': 'AlarmTopic',
  'cloudwatch-alarm': 'Alarm',
  'cloudwatch-dashboard': 'Dashboard',
  'cloudwatch-logs-destination': 'LogsDestination',
};

/** A logical id from the resource's kind and name: letters and digits only, unique in the template. */
function logicalId(resource: DesiredResource, taken: Set<string>): string {
  // The bucket's name holds the account and region: the one bucket needs no name in its id.
  if (resource.type === 's3-bucket') return (taken.add(PREFIX['s3-bucket']!), PREFIX['s3-bucket']!);
  const words = (resource.type === 'subscription-filter' ? String(resource.settings.logGroupName) : resource.type === 'vpc-flow-log' ? String(resource.settings.resourceId) : resource.name)
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w.length > 0)
    .map((w) => w[0]!.toUpperCase() + w.slice(1));
  const base = `${PREFIX[resource.type] ?? 'Resource'}${words.join('')}`.slice(0, 200);
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}${n}`;
  taken.add(id);
  return id;
}

/** Builds the template; throws TemplateNotPossible for a plan a template cannot express. */
export function cloudFormationTemplate(settings: Settings, names: ResourceNames, resources: readonly DesiredResource[]): CfnTemplate {
  if (settings.vpcIds === 'all') {
    throw new TemplateNotPossible('--all-vpcs lists the VPCs at apply time, which a template cannot: name them with --vpc-id');
  }
  const taken = new Set<string>();
  const ids = new Map<DesiredResource, string>(resources.map((r) => [r, logicalId(r, taken)]));
  const byName = (type: string, name: string) => {
    const found = resources.find((r) => r.type === type && r.name === name);
    return found ? ids.get(found) : undefined;
  };
  const roleRef = (arn: unknown): CfnValue => {
    const roleName = String(arn).split('/').pop() ?? '';
    const id = String(arn).includes(`:iam::${settings.accountId}:`) ? byName('iam-role', roleName) : undefined;
    return id ? { 'Fn::GetAtt': [id, 'Arn'] } : String(arn);
  };
  const template: CfnTemplate = {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: `firehose-splunk ${settings.name}: ${settings.topology.kind === 'sender' ? `log sources to the central account ${settings.topology.centralAccountId}` : 'logs to Splunk through Amazon Data Firehose'} (generated by firehose-splunk plan --offline --output cloudformation)`,
    Parameters: {},
    Resources: {},
    Outputs: {},
  };
  const secret = settings.hecTokenSource.kind === 'secrets-manager' ? settings.hecTokenSource.secretArn : undefined;

  for (const resource of resources) {
    const id = ids.get(resource)!;
    const s = resource.settings as Record<string, any>;
    const label = planResourceLabel(resource.type, resource.name, settings.accountId, settings.region);
    const metadata = { [PLAN_RESOURCE_KEY]: label };
    let cfn: CfnResource;
    switch (resource.type) {
      case 's3-bucket': {
        const encryption = s.encryption as { SSEAlgorithm: string; KMSMasterKeyID?: string; BucketKeyEnabled?: boolean };
        cfn = {
          Type: 'AWS::S3::Bucket',
          // destroy keeps the bucket unless told: so does deleting the stack.
          DeletionPolicy: 'Retain',
          UpdateReplacePolicy: 'Retain',
          Properties: {
            BucketName: resource.name,
            PublicAccessBlockConfiguration: s.publicAccessBlock,
            BucketEncryption: {
              ServerSideEncryptionConfiguration: [
                {
                  ServerSideEncryptionByDefault: { SSEAlgorithm: encryption.SSEAlgorithm, ...(encryption.KMSMasterKeyID ? { KMSMasterKeyID: encryption.KMSMasterKeyID } : {}) },
                  ...(encryption.BucketKeyEnabled ? { BucketKeyEnabled: true } : {}),
                },
              ],
            },
            LifecycleConfiguration: {
              Rules: [{ Id: s.lifecycle.id, Status: 'Enabled', ExpirationInDays: s.lifecycle.expirationDays, AbortIncompleteMultipartUpload: { DaysAfterInitiation: s.lifecycle.abortIncompleteMultipartUploadDays } }],
            },
            Tags: tagList(s.tags),
          },
        };
        template.Resources[`${id}Policy`] = {
          Type: 'AWS::S3::BucketPolicy',
          Properties: { Bucket: { Ref: id }, PolicyDocument: resource.documents!.bucketPolicy as unknown as CfnValue },
          Metadata: { [PLAN_RESOURCE_KEY]: `${label} (bucket policy)` },
        };
        break;
      }
      case 'iam-role':
        cfn = {
          Type: 'AWS::IAM::Role',
          Properties: {
            RoleName: resource.name,
            Description: `firehose-splunk ${settings.name}: ${String(s.purpose)}`,
            AssumeRolePolicyDocument: resource.documents!.trust as unknown as CfnValue,
            Policies: [{ PolicyName: s.inlinePolicyName, PolicyDocument: resource.documents!.permissions as unknown as CfnValue }],
            Tags: tagList(s.tags),
          },
        };
        break;
      case 'log-group':
        cfn = { Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: resource.name, RetentionInDays: s.retentionInDays, Tags: tagList(s.tags) } };
        for (const stream of (s.logStreams ?? []) as string[]) {
          template.Resources[`${id}Stream${stream.replace(/[^A-Za-z0-9]/g, '')}`] = {
            Type: 'AWS::Logs::LogStream',
            Properties: { LogGroupName: { Ref: id }, LogStreamName: stream },
            Metadata: { [PLAN_RESOURCE_KEY]: `${label} (log stream ${stream})` },
          };
        }
        break;
      case 'lambda-function':
        cfn = {
          Type: 'AWS::Lambda::Function',
          DependsOn: [byName('log-group', names.lambdaLogGroup)!],
          Properties: {
            FunctionName: resource.name,
            Runtime: s.runtime,
            Handler: s.handler,
            Architectures: [s.architecture],
            Code: { S3Bucket: { Ref: LAMBDA_CODE_BUCKET_PARAMETER }, S3Key: { Ref: LAMBDA_CODE_KEY_PARAMETER } },
            MemorySize: s.memorySizeMb,
            Timeout: s.timeoutSeconds,
            Role: roleRef(s.role),
            Environment: { Variables: s.environment },
            Tags: tagList(s.tags),
          },
        };
        template.Parameters[LAMBDA_CODE_BUCKET_PARAMETER] = { Type: 'String', Description: 'S3 bucket holding the transform Lambda zip (@firehose-splunk/transform-lambda/lambda.zip), in this region' };
        template.Parameters[LAMBDA_CODE_KEY_PARAMETER] = { Type: 'String', Description: 'S3 key of the transform Lambda zip' };
        break;
      case 'firehose-delivery-stream': {
        const splunk = s.splunk as Record<string, any>;
        const processor = splunk.ProcessingConfiguration.Processors[0];
        const token: CfnValue = secret ? `{{resolve:secretsmanager:${secret}:SecretString:${SECRET_TOKEN_KEY}}}` : { Ref: HEC_TOKEN_PARAMETER };
        if (!secret) template.Parameters[HEC_TOKEN_PARAMETER] = { Type: 'String', NoEcho: true, MinLength: 1, Description: 'The Splunk HEC token (never shown by CloudFormation)' };
        cfn = {
          Type: 'AWS::KinesisFirehose::DeliveryStream',
          DependsOn: [byName('log-group', names.firehoseErrorLogGroup)!, byName('s3-bucket', names.bucket)!],
          Properties: {
            DeliveryStreamName: resource.name,
            DeliveryStreamType: s.deliveryStreamType,
            SplunkDestinationConfiguration: {
              HECEndpoint: splunk.HECEndpoint,
              HECEndpointType: splunk.HECEndpointType,
              HECToken: token,
              HECAcknowledgmentTimeoutInSeconds: splunk.HECAcknowledgmentTimeoutInSeconds,
              RetryOptions: splunk.RetryOptions,
              S3BackupMode: splunk.S3BackupMode,
              S3Configuration: { ...splunk.S3Configuration, RoleARN: roleRef(splunk.S3Configuration.RoleARN), BucketARN: { 'Fn::GetAtt': [byName('s3-bucket', names.bucket)!, 'Arn'] } },
              ProcessingConfiguration: {
                Enabled: true,
                Processors: [
                  {
                    Type: 'Lambda',
                    Parameters: [
                      { ParameterName: 'LambdaArn', ParameterValue: { 'Fn::GetAtt': [byName('lambda-function', names.lambdaFunction)!, 'Arn'] } },
                      { ParameterName: 'RoleArn', ParameterValue: roleRef(processor.Parameters.RoleArn) },
                      { ParameterName: 'BufferSizeInMBs', ParameterValue: String(processor.Parameters.BufferSizeInMBs) },
                      { ParameterName: 'BufferIntervalInSeconds', ParameterValue: String(processor.Parameters.BufferIntervalInSeconds) },
                      { ParameterName: 'NumberOfRetries', ParameterValue: String(processor.Parameters.NumberOfRetries) },
                    ],
                  },
                ],
              },
              CloudWatchLoggingOptions: splunk.CloudWatchLoggingOptions,
            },
            Tags: tagList(s.tags),
          },
        };
        break;
      }
      case 'vpc-flow-log':
        cfn = {
          Type: 'AWS::EC2::FlowLog',
          Properties: {
            ResourceId: s.resourceId,
            ResourceType: s.resourceType,
            TrafficType: s.trafficType,
            LogDestinationType: s.logDestinationType,
            ...(s.logGroupName ? { LogGroupName: s.logGroupName } : {}),
            ...(s.logDestination ? { LogDestination: s.logDestination } : {}),
            ...(s.deliverLogsPermissionArn ? { DeliverLogsPermissionArn: roleRef(s.deliverLogsPermissionArn) } : {}),
            ...(s.deliverCrossAccountRole ? { DeliverCrossAccountRole: s.deliverCrossAccountRole } : {}),
            MaxAggregationInterval: s.maxAggregationIntervalSeconds,
            Tags: tagList(s.tags),
          },
        };
        {
          const dependsOn = inTemplate(byName('log-group', String(s.logGroupName ?? '')), byName('firehose-delivery-stream', names.deliveryStream));
          if (dependsOn.length > 0) cfn.DependsOn = dependsOn;
        }
        break;
      case 'subscription-filter': {
        const dependsOn = inTemplate(byName('log-group', String(s.logGroupName)), byName('cloudwatch-logs-destination', names.destination), byName('firehose-delivery-stream', names.deliveryStream));
        cfn = {
          Type: 'AWS::Logs::SubscriptionFilter',
          ...(dependsOn.length > 0 ? { DependsOn: dependsOn } : {}),
          Properties: {
            LogGroupName: s.logGroupName,
            FilterName: resource.name,
            FilterPattern: s.filterPattern,
            DestinationArn: s.destinationArn,
            ...(s.roleArn ? { RoleArn: roleRef(s.roleArn) } : {}),
          },
        };
        break;
      }
      case 'sns-topic':
        cfn = {
          Type: 'AWS::SNS::Topic',
          Properties: { TopicName: resource.name, Subscription: (s.emailSubscriptions as string[]).map((Endpoint) => ({ Protocol: 'email', Endpoint })), Tags: tagList(s.tags) },
        };
        break;
      case 'cloudwatch-alarm': {
        const { tags, ...input } = s;
        cfn = { Type: 'AWS::CloudWatch::Alarm', Properties: { ...(input as Record<string, CfnValue>), Tags: tagList(tags) } };
        break;
      }
      case 'cloudwatch-dashboard':
        cfn = { Type: 'AWS::CloudWatch::Dashboard', Properties: { DashboardName: resource.name, DashboardBody: JSON.stringify(s.body) } };
        break;
      case 'cloudwatch-logs-destination':
        cfn = {
          Type: 'AWS::Logs::Destination',
          DependsOn: [byName('firehose-delivery-stream', names.deliveryStream)!],
          Properties: {
            DestinationName: resource.name,
            TargetArn: { 'Fn::GetAtt': [byName('firehose-delivery-stream', names.deliveryStream)!, 'Arn'] },
            RoleArn: roleRef(s.roleArn),
            DestinationPolicy: JSON.stringify(resource.documents!.accessPolicy),
          },
        };
        break;
      default:
        throw new TemplateNotPossible(`no CloudFormation resource for a ${resource.type}`);
    }
    cfn.Metadata = metadata;
    template.Resources[id] = cfn;
  }
  const stream = byName('firehose-delivery-stream', names.deliveryStream);
  if (stream) template.Outputs.DeliveryStreamArn = { Description: 'The delivery stream', Value: { 'Fn::GetAtt': [stream, 'Arn'] } };
  const destination = byName('cloudwatch-logs-destination', names.destination);
  if (destination) template.Outputs.LogsDestinationArn = { Description: 'The destination senders subscribe to', Value: { 'Fn::GetAtt': [destination, 'Arn'] } };
  const here = { accountId: settings.accountId, region: settings.region, partition: names.partition };
  for (const resource of Object.values(template.Resources)) resource.Properties = neutral(resource.Properties as CfnValue, here) as Record<string, CfnValue>;
  for (const output of Object.values(template.Outputs)) output.Value = neutral(output.Value, here);
  return template;
}
