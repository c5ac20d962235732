import { policyDocument as doc, type PolicyDocument, type PolicyStatement, type RoleDocuments } from '../policy-document.js';
import type { Topology } from './topology.js';

/**
 * A destination's access policy may be up to 5,120 bytes.
 * @see https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutDestinationPolicy.html
 */
export const DESTINATION_POLICY_LIMIT_BYTES = 5_120;


/** What the central account's destination needs to know. */
export interface DestinationGrant {
  partition: string;
  region: string;
  centralAccountId: string;
  destinationArn: string;
  senderAccountIds: readonly string[];
  organizationId?: string;
}

/** The central topology as a grant, or undefined for the others. */
export function grantOf(topology: Topology, partition: string, region: string, centralAccountId: string, destinationArn: string): DestinationGrant | undefined {
  if (topology.kind !== 'central') return undefined;
  return {
    partition,
    region,
    centralAccountId,
    destinationArn,
    senderAccountIds: topology.senderAccountIds,
    ...(topology.organizationId !== undefined ? { organizationId: topology.organizationId } : {}),
  };
}

/**
 * Who may call logs:PutSubscriptionFilter against the destination: the named sender accounts
 * (their account principals), and every account of the organisation (any principal whose
 * aws:PrincipalOrgID matches), as AWS's procedure writes both.
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CreateFirehoseStreamDestination.html
 */
export function destinationAccessPolicy(grant: DestinationGrant): PolicyDocument {
  const statements: PolicyStatement[] = [];
  if (grant.senderAccountIds.length > 0) {
    statements.push({
      Sid: 'SenderAccountsSubscribe',
      Effect: 'Allow',
      Principal: { AWS: grant.senderAccountIds.length === 1 ? grant.senderAccountIds[0]! : [...grant.senderAccountIds] },
      Action: 'logs:PutSubscriptionFilter',
      Resource: grant.destinationArn,
    });
  }
  if (grant.organizationId !== undefined) {
    statements.push({
      Sid: 'OrganizationSubscribes',
      Effect: 'Allow',
      Principal: '*',
      Action: 'logs:PutSubscriptionFilter',
      Resource: grant.destinationArn,
      Condition: { StringEquals: { 'aws:PrincipalOrgID': [grant.organizationId] } },
    });
  }
  return doc(...statements);
}

/** The access policy's size as CloudWatch Logs counts it: bytes of the JSON text sent. */
export function accessPolicyBytes(policy: PolicyDocument): number {
  return Buffer.byteLength(JSON.stringify(policy));
}

/**
 * The trust of the role CloudWatch Logs assumes to put into the stream. With a destination,
 * CloudWatch Logs writes "on the source account's behalf", so the trust names each sender's
 * log ARNs beside the central account's own (which sends the destination's test message), and
 * for an organisation any source account of it (aws:SourceOrgID).
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CreateFirehoseStreamDestination.html
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-sourceorgid
 */
export function centralLogsRoleTrust(grant: DestinationGrant): PolicyDocument {
  const sourceArns = [grant.centralAccountId, ...grant.senderAccountIds].map((account) => `arn:${grant.partition}:logs:${grant.region}:${account}:*`);
  const statements: PolicyStatement[] = [
    {
      Sid: 'CloudWatchLogsAssumesRole',
      Effect: 'Allow',
      Principal: { Service: 'logs.amazonaws.com' },
      Action: 'sts:AssumeRole',
      Condition: { StringLike: { 'aws:SourceArn': sourceArns.length === 1 ? sourceArns[0]! : sourceArns } },
    },
  ];
  if (grant.organizationId !== undefined) {
    statements.push({
      Sid: 'CloudWatchLogsOfTheOrganizationAssumesRole',
      Effect: 'Allow',
      Principal: { Service: 'logs.amazonaws.com' },
      Action: 'sts:AssumeRole',
      Condition: { StringEquals: { 'aws:SourceOrgID': grant.organizationId } },
    });
  }
  return doc(...statements);
}

/**
 * The role a sender's subscription filters carry when the destination grants an organisation
 * rather than the account: CloudWatch Logs assumes it to check that the sender may subscribe,
 * and it may only put log events into that destination. A destination that names the account
 * needs no role on the filter.
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CreateSubscriptionFilter-IAMrole.html
 */
export function senderSubscriptionRoleDocuments(partition: string, region: string, senderAccountId: string, destinationArn: string): RoleDocuments {
  return {
    trust: doc({
      Sid: 'CloudWatchLogsAssumesRole',
      Effect: 'Allow',
      Principal: { Service: 'logs.amazonaws.com' },
      Action: 'sts:AssumeRole',
      Condition: { StringLike: { 'aws:SourceArn': `arn:${partition}:logs:${region}:${senderAccountId}:*` } },
    }),
    permissions: doc({ Sid: 'PutIntoTheCentralDestination', Effect: 'Allow', Action: 'logs:PutLogEvents', Resource: destinationArn }),
  };
}

/** Does this policy grant an organisation (rather than only accounts)? */
export function grantsOrganization(policy: unknown): boolean {
  const statements = (policy as { Statement?: unknown } | undefined)?.Statement;
  const list = Array.isArray(statements) ? statements : statements ? [statements] : [];
  return list.some((s) => JSON.stringify((s as { Condition?: unknown }).Condition ?? {}).includes('aws:PrincipalOrgID'));
}
