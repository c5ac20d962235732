import { centralLogsRoleTrust, grantOf } from './cross-account/destination-policies.js';
import type { ResourceNames } from './names.js';
import type { Settings } from './settings.js';
import { policyDocument as doc, type PolicyDocument, type PolicyStatement, type RoleDocuments } from './policy-document.js';

export type { PolicyDocument, PolicyStatement, RoleDocuments } from './policy-document.js';

/**
 * IAM's size limits, in characters of the policy JSON (white space not counted): an inline
 * role policy 10,240, a trust policy 2,048 by default, and S3's bucket policy 20 KB. No
 * document here grows with the number of log groups or VPCs (permissions name the stream, the
 * bucket and the tool's own log groups; the logs role's trust is bound to the account and
 * region by aws:SourceArn), so 300 log groups leave every document the size one does.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-policies.html
 */
export const POLICY_SIZE_LIMITS = { permissions: 10_240, trust: 2_048, bucketPolicy: 20_480 } as const;

/** Each document that is over its limit, as "name: N characters, limit L". */
export function oversizedPolicies(documents: Record<string, PolicyDocument>): string[] {
  const problems: string[] = [];
  for (const [name, document] of Object.entries(documents)) {
    const limit = POLICY_SIZE_LIMITS[name as keyof typeof POLICY_SIZE_LIMITS];
    const size = JSON.stringify(document).length;
    if (limit !== undefined && size > limit) problems.push(`${name}: ${size} characters, limit ${limit}`);
  }
  return problems;
}

/**
 * The Lambda execution role: its own log group, and PutRecordBatch on this stream only
 * (re-ingest). Lambda passes no source context when it assumes an execution role, so the
 * trust has no confused-deputy condition; iam:PassRole cannot cross accounts.
 */
export function lambdaRoleDocuments(names: ResourceNames): RoleDocuments {
  const group = names.logGroupArn(names.lambdaLogGroup);
  return {
    trust: doc({ Sid: 'LambdaAssumesRole', Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }),
    permissions: doc(
      { Sid: 'OwnLogGroup', Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: `${group}:*` },
      { Sid: 'ReingestIntoThisStream', Effect: 'Allow', Action: 'firehose:PutRecordBatch', Resource: names.deliveryStreamArn },
    ),
  };
}

/**
 * The Firehose role: invoke this function, write this bucket, log delivery errors to its
 * own stream. The trust is bound to this account by sts:ExternalId, as AWS documents for
 * Firehose.
 */
export function firehoseRoleDocuments(settings: Settings, names: ResourceNames): RoleDocuments {
  const statements: PolicyStatement[] = [
    { Sid: 'InvokeTransformLambda', Effect: 'Allow', Action: ['lambda:InvokeFunction', 'lambda:GetFunctionConfiguration'], Resource: [names.lambdaArn, `${names.lambdaArn}:*`] },
    {
      Sid: 'WriteBackupBucket',
      Effect: 'Allow',
      Action: ['s3:AbortMultipartUpload', 's3:GetBucketLocation', 's3:GetObject', 's3:ListBucket', 's3:ListBucketMultipartUploads', 's3:PutObject'],
      Resource: [names.bucketArn, `${names.bucketArn}/*`],
    },
    {
      Sid: 'LogDeliveryErrors',
      Effect: 'Allow',
      Action: 'logs:PutLogEvents',
      Resource: `${names.logGroupArn(names.firehoseErrorLogGroup)}:log-stream:${names.firehoseErrorLogStream}`,
    },
  ];
  if (settings.kmsKeyArn !== undefined) {
    statements.push({
      Sid: 'EncryptBackupObjects',
      Effect: 'Allow',
      Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
      Resource: settings.kmsKeyArn,
      Condition: {
        StringEquals: { 'kms:ViaService': `s3.${settings.region}.amazonaws.com` },
        StringLike: { 'kms:EncryptionContext:aws:s3:arn': `${names.bucketArn}/*` },
      },
    });
  }
  return {
    trust: doc({
      Sid: 'FirehoseAssumesRole',
      Effect: 'Allow',
      Principal: { Service: 'firehose.amazonaws.com' },
      Action: 'sts:AssumeRole',
      Condition: { StringEquals: { 'sts:ExternalId': settings.accountId } },
    }),
    permissions: doc(...statements),
  };
}

/**
 * CloudWatch Logs to Firehose: only log groups of this account and region may use it (and, in
 * a central account, those of the senders its destination grants), only to put into this stream.
 */
export function logsRoleDocuments(settings: Settings, names: ResourceNames): RoleDocuments {
  const grant = grantOf(settings.topology, names.partition, settings.region, settings.accountId, names.destinationArn);
  return {
    trust: grant ? centralLogsRoleTrust(grant) : doc({
      Sid: 'CloudWatchLogsAssumesRole',
      Effect: 'Allow',
      Principal: { Service: 'logs.amazonaws.com' },
      Action: 'sts:AssumeRole',
      Condition: { StringLike: { 'aws:SourceArn': `arn:${names.partition}:logs:${settings.region}:${settings.accountId}:*` } },
    }),
    permissions: doc({ Sid: 'PutIntoThisStream', Effect: 'Allow', Action: ['firehose:PutRecord', 'firehose:PutRecordBatch'], Resource: names.deliveryStreamArn }),
  };
}

/** VPC flow logs: only flow logs of this account and region, writing only into the flow log group. */
export function flowLogsRoleDocuments(settings: Settings, names: ResourceNames): RoleDocuments {
  return {
    trust: doc({
      Sid: 'VpcFlowLogsAssumesRole',
      Effect: 'Allow',
      Principal: { Service: 'vpc-flow-logs.amazonaws.com' },
      Action: 'sts:AssumeRole',
      Condition: {
        StringEquals: { 'aws:SourceAccount': settings.accountId },
        ArnLike: { 'aws:SourceArn': `arn:${names.partition}:ec2:${settings.region}:${settings.accountId}:vpc-flow-log/*` },
      },
    }),
    permissions: doc({
      Sid: 'WriteFlowLogGroup',
      Effect: 'Allow',
      Action: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
      Resource: [names.logGroupArn(names.flowLogGroup), `${names.logGroupArn(names.flowLogGroup)}:*`],
    }),
  };
}

/** The backup bucket's policy: no access without TLS, for anyone. */
export function bucketPolicy(names: ResourceNames): PolicyDocument {
  return doc({
    Sid: 'DenyInsecureTransport',
    Effect: 'Deny',
    Principal: '*',
    Action: 's3:*',
    Resource: [names.bucketArn, `${names.bucketArn}/*`],
    Condition: { Bool: { 'aws:SecureTransport': 'false' } },
  });
}
