import { describe, expect, it } from '@jest/globals';
import { accessPolicyBytes, DESTINATION_POLICY_LIMIT_BYTES, destinationAccessPolicy } from '../../src/cross-account/destination-policies.js';
import { arrangeRollout } from '../../src/cross-account/rollout-order.js';
import { desiredState } from '../../src/desired-state.js';
import { validateSettings, type RawSettings } from '../../src/settings.js';

const CENTRAL = '111111111111';
const SENDER = '222222222222';
const base: RawSettings = { name: 'org-logs', region: 'eu-west-1', hecUrl: 'https://hec.example.com:443', vpcIds: ['vpc-0a1b2c3d'], logGroups: ['/app/orders'] };

function settings(raw: RawSettings) {
  const checked = validateSettings({ ...base, ...raw });
  if (!checked.ok) throw new Error(checked.problems.join('; '));
  return checked.settings;
}

describe('a central account', () => {
  it('puts a destination in front of the stream that grants its senders, and lets their log ARNs assume the CloudWatch Logs role', () => {
    const { resources } = desiredState(settings({ accountId: CENTRAL, senderAccountIds: [SENDER, '333333333333'] }));
    const destination = resources.find((r) => r.type === 'cloudwatch-logs-destination')!;
    expect(destination.arn).toBe(`arn:aws:logs:eu-west-1:${CENTRAL}:destination:org-logs-destination`);
    expect(destination.settings.targetArn).toBe(`arn:aws:firehose:eu-west-1:${CENTRAL}:deliverystream/org-logs-to-splunk`);
    expect(destination.documents!.accessPolicy).toEqual({
      Version: '2012-10-17',
      Statement: [{ Sid: 'SenderAccountsSubscribe', Effect: 'Allow', Principal: { AWS: [SENDER, '333333333333'] }, Action: 'logs:PutSubscriptionFilter', Resource: destination.arn }],
    });
    const logsRole = resources.find((r) => r.name === 'org-logs-cwlogs-to-firehose')!;
    expect(JSON.stringify(logsRole.documents!.trust)).toContain(`arn:aws:logs:eu-west-1:${SENDER}:*`);
    expect(JSON.stringify(logsRole.documents!.trust)).toContain(`arn:aws:logs:eu-west-1:${CENTRAL}:*`);
    // Everything a standalone account has is still there.
    for (const type of ['firehose-delivery-stream', 'lambda-function', 's3-bucket', 'cloudwatch-dashboard']) expect(resources.some((r) => r.type === type)).toBe(true);
  });

  it('grants an organisation through aws:PrincipalOrgID, and its role trusts that organisation as a source', () => {
    const { resources } = desiredState(settings({ accountId: CENTRAL, organizationId: 'o-a1b2c3d4e5' }));
    const policy = resources.find((r) => r.type === 'cloudwatch-logs-destination')!.documents!.accessPolicy!;
    expect(policy.Statement).toEqual([expect.objectContaining({ Principal: '*', Condition: { StringEquals: { 'aws:PrincipalOrgID': ['o-a1b2c3d4e5'] } } })]);
    const trust = resources.find((r) => r.name === 'org-logs-cwlogs-to-firehose')!.documents!.trust!;
    expect(trust.Statement[1]!.Condition).toEqual({ StringEquals: { 'aws:SourceOrgID': 'o-a1b2c3d4e5' } });
  });

  it('refuses, before any AWS call, a grant whose access policy (5,120 bytes) or role trust (2,048 characters) would be too large, and says to grant the organisation', () => {
    const many = Array.from({ length: 400 }, (_, i) => String(100000000000 + i));
    const grant = { partition: 'aws', region: 'eu-west-1', centralAccountId: CENTRAL, destinationArn: 'arn:aws:logs:eu-west-1:111111111111:destination:org-logs-destination', senderAccountIds: many };
    expect(accessPolicyBytes(destinationAccessPolicy(grant))).toBeGreaterThan(DESTINATION_POLICY_LIMIT_BYTES);
    const checked = validateSettings({ ...base, accountId: CENTRAL, senderAccountIds: many });
    expect(checked.ok).toBe(false);
    expect(!checked.ok && checked.problems.join('\n')).toMatch(/--sender-account-id: 400 accounts .* over CloudWatch Logs' 5120: grant the organisation with --organization-id/);
    // Far fewer pass the 2,048 characters of the CloudWatch Logs role's trust, which names each sender's log ARNs.
    const trustProblem = validateSettings({ ...base, accountId: CENTRAL, senderAccountIds: many.slice(0, 60) });
    expect(!trustProblem.ok && trustProblem.problems.join('\n')).toMatch(/60 accounts make the CloudWatch Logs role's trust policy \d+ characters, over IAM's 2048/);
    expect(validateSettings({ ...base, accountId: CENTRAL, senderAccountIds: many.slice(0, 40) }).ok).toBe(true);
  });
});

describe('a sender account', () => {
  it('has only its flow logs, log groups and filters, pointing at the central destination of its own region, with no role', () => {
    const { resources } = desiredState(settings({ accountId: SENDER, centralAccountId: CENTRAL, hecUrl: undefined }));
    expect([...new Set(resources.map((r) => r.type))].sort()).toEqual(['iam-role', 'log-group', 'subscription-filter', 'vpc-flow-log']);
    const filters = resources.filter((r) => r.type === 'subscription-filter');
    expect(filters.map((f) => f.settings.logGroupName)).toEqual(['/org-logs/vpc-flow-logs', '/app/orders']);
    for (const f of filters) {
      expect(f.settings.destinationArn).toBe(`arn:aws:logs:eu-west-1:${CENTRAL}:destination:org-logs-destination`);
      expect(f.settings).not.toHaveProperty('roleArn');
    }
    expect(JSON.stringify(resources)).not.toMatch(/deliverystream|hec\.example|HECToken/);
  });

  it('carries a role on its filters when the grant is an organisation, one that may only put into that destination', () => {
    const { resources } = desiredState(settings({ accountId: SENDER, centralAccountId: CENTRAL, organizationId: 'o-a1b2c3d4e5' }));
    const role = resources.find((r) => r.name === 'org-logs-cwlogs-to-destination')!;
    expect(role.documents!.permissions).toEqual({
      Version: '2012-10-17',
      Statement: [{ Sid: 'PutIntoTheCentralDestination', Effect: 'Allow', Action: 'logs:PutLogEvents', Resource: `arn:aws:logs:eu-west-1:${CENTRAL}:destination:org-logs-destination` }],
    });
    for (const f of resources.filter((r) => r.type === 'subscription-filter')) expect(f.settings.roleArn).toBe(`arn:aws:iam::${SENDER}:role/org-logs-cwlogs-to-destination`);
  });

  it('reports every wrong cross-account flag at once', () => {
    const checked = validateSettings({ ...base, accountId: SENDER, centralAccountId: SENDER, senderAccountIds: ['12'], organizationId: 'org-1' });
    expect(checked.ok).toBe(false);
    const problems = checked.ok ? [] : checked.problems;
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining('--sender-account-id "12"'),
        expect.stringContaining('--organization-id "org-1"'),
        expect.stringContaining('--central-account-id 222222222222 is this account itself'),
        expect.stringContaining('exclude each other'),
      ]),
    );
    expect(validateSettings({ ...base, accountId: SENDER, forceDestinationPolicyUpdate: true }).ok).toBe(false);
  });
});

describe('one config file for an organisation', () => {
  const central = { accountId: CENTRAL, region: 'eu-west-1', name: 'org-logs' };
  it('runs the central account first and grants it every sender the file names', () => {
    const { targets, problems } = arrangeRollout([
      { accountId: SENDER, region: 'eu-west-1', name: 'org-logs', centralAccountId: CENTRAL },
      { ...central },
      { accountId: '333333333333', region: 'eu-west-1', name: 'org-logs', centralAccountId: CENTRAL },
    ]);
    expect(problems).toEqual([]);
    expect(targets.map((t) => t.accountId)).toEqual([CENTRAL, SENDER, '333333333333']);
    expect(targets[0]!.senderAccountIds).toEqual([SENDER, '333333333333']);
  });

  it('adds no account where sender and central share the organisation that already grants it', () => {
    const { targets } = arrangeRollout([
      { accountId: SENDER, region: 'eu-west-1', name: 'org-logs', centralAccountId: CENTRAL, organizationId: 'o-a1b2c3d4e5' },
      { ...central, organizationId: 'o-a1b2c3d4e5' },
    ]);
    expect(targets[0]!.accountId).toBe(CENTRAL);
    expect(targets[0]!.senderAccountIds).toBeUndefined();
  });

  it('gives the central account the cross-account flow logs role when a sender sends flow logs straight to its stream', () => {
    const { targets } = arrangeRollout([{ accountId: SENDER, region: 'eu-west-1', name: 'org-logs', centralAccountId: CENTRAL, flowLogsTo: 'firehose' }, { ...central }]);
    expect(targets[0]!.senderFlowLogsToFirehose).toBe(true);
    const roles = desiredState(settings({ ...targets[0]! })).resources.filter((r) => r.type === 'iam-role').map((r) => r.name);
    // Its own flow logs still go through its log group; the senders' come straight in.
    expect(roles).toEqual(expect.arrayContaining(['org-logs-vpc-flow-logs', 'org-logs-flow-logs-cross-account']));
    expect(validateSettings({ ...base, accountId: CENTRAL, senderFlowLogsToFirehose: true }).ok).toBe(false);
  });

  it('refuses a sender whose central account the file sets up only in other regions', () => {
    const { problems } = arrangeRollout([{ accountId: SENDER, region: 'us-east-1', name: 'org-logs', centralAccountId: CENTRAL }, { ...central }]);
    expect(problems).toEqual([expect.stringMatching(/sender 222222222222\/us-east-1 .* only in eu-west-1 .* its own region only/)]);
  });
});
