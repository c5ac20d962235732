import { policyDocument as doc, type PolicyDocument, type PolicyStatement, type RoleDocuments } from '../policy-document.js';

/**
 * The two roles VPC flow logs need to deliver straight into another account's Firehose stream:
 * one in the source account, which log delivery uses and which assumes the other, in the
 * destination (central) account, which may tag the stream and create log delivery's
 * service-linked role there. Within one account no role is needed: AWS uses its service-linked
 * role AWSServiceRoleForLogDelivery and tags the stream `LogDeliveryEnabled=true`.
 * @see https://docs.aws.amazon.com/vpc/latest/userguide/firehose-cross-account-delivery.html
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/AWS-logs-infrastructure-Firehose.html
 */

const LOG_DELIVERY_SERVICE = 'delivery.logs.amazonaws.com';

/** The source account's role: passed only to log delivery, only for these VPCs; it may assume the central role. */
export function flowLogsSourceRoleDocuments(partition: string, region: string, account: string, roleArn: string, vpcIds: readonly string[] | 'all', crossAccountRoleArn: string): RoleDocuments {
  const vpcArns = vpcIds === 'all' ? [`arn:${partition}:ec2:${region}:${account}:vpc/*`] : vpcIds.map((vpc) => `arn:${partition}:ec2:${region}:${account}:vpc/${vpc}`);
  return {
    trust: doc({ Sid: 'LogDeliveryAssumesRole', Effect: 'Allow', Principal: { Service: LOG_DELIVERY_SERVICE }, Action: 'sts:AssumeRole' }),
    permissions: doc(
      {
        Sid: 'PassOnlyToLogDeliveryForTheseVpcs',
        Effect: 'Allow',
        Action: 'iam:PassRole',
        Resource: roleArn,
        Condition: { StringEquals: { 'iam:PassedToService': LOG_DELIVERY_SERVICE }, StringLike: { 'iam:AssociatedResourceARN': vpcArns } },
      },
      { Sid: 'ManageLogDelivery', Effect: 'Allow', Action: ['logs:CreateLogDelivery', 'logs:DeleteLogDelivery', 'logs:ListLogDeliveries', 'logs:GetLogDelivery'], Resource: '*' },
      { Sid: 'AssumeTheCentralRole', Effect: 'Allow', Action: 'sts:AssumeRole', Resource: crossAccountRoleArn },
    ),
  };
}

/**
 * The central account's role: assumable only by the senders' source roles (by account, or by
 * organisation for any account of it), allowed only to tag this stream and create log
 * delivery's service-linked role.
 */
export function flowLogsCrossAccountRoleDocuments(
  partition: string,
  senderAccountIds: readonly string[],
  organizationId: string | undefined,
  sourceRoleName: string,
  streamArn: string,
): RoleDocuments {
  const sourceRoles = `arn:${partition}:iam::*:role/${sourceRoleName}`;
  const trust: PolicyStatement[] = [];
  if (senderAccountIds.length > 0) {
    trust.push({
      Sid: 'SenderSourceRolesAssume',
      Effect: 'Allow',
      // Account principals, narrowed to the source role by name: a role principal would have
      // to exist before this policy, and the central account is applied first.
      Principal: { AWS: senderAccountIds.length === 1 ? senderAccountIds[0]! : [...senderAccountIds] },
      Action: 'sts:AssumeRole',
      Condition: { ArnLike: { 'aws:PrincipalArn': sourceRoles } },
    });
  }
  if (organizationId !== undefined) {
    trust.push({
      Sid: 'OrganizationSourceRolesAssume',
      Effect: 'Allow',
      Principal: '*',
      Action: 'sts:AssumeRole',
      Condition: { StringEquals: { 'aws:PrincipalOrgID': organizationId }, ArnLike: { 'aws:PrincipalArn': sourceRoles } },
    });
  }
  return {
    trust: doc(...trust),
    permissions: doc(
      { Sid: 'TagTheStreamForLogDelivery', Effect: 'Allow', Action: 'firehose:TagDeliveryStream', Resource: streamArn },
      {
        Sid: 'CreateLogDeliveryServiceLinkedRole',
        Effect: 'Allow',
        Action: 'iam:CreateServiceLinkedRole',
        Resource: `arn:${partition}:iam::*:role/aws-service-role/${LOG_DELIVERY_SERVICE}/AWSServiceRoleForLogDelivery`,
        Condition: { StringLike: { 'iam:AWSServiceName': LOG_DELIVERY_SERVICE } },
      },
    ),
  };
}
