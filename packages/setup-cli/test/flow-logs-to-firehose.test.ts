import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { desiredState } from '../src/desired-state.js';
import { reconcile, destroy, status } from '../src/engine/run.js';
import { FakeAws } from './aws-fake.js';
import { ACCOUNT, testContext, testSettings } from './engine-helpers.js';

const STREAM_ARN = `arn:aws:firehose:eu-west-1:${ACCOUNT}:deliverystream/splunk-logs-to-splunk`;

describe('--flow-logs-to firehose, planned', () => {
  it('sends flow logs straight into the stream: no flow log group, no role, no filter for it', () => {
    const { resources } = desiredState(testSettings({ flowLogsTo: 'firehose' }));
    expect(resources.some((r) => r.name === '/splunk-logs/vpc-flow-logs')).toBe(false);
    expect(resources.some((r) => r.name === 'splunk-logs-vpc-flow-logs')).toBe(false);
    expect(resources.find((r) => r.type === 'vpc-flow-log')!.settings).toMatchObject({ logDestinationType: 'kinesis-data-firehose', logDestination: STREAM_ARN });
    expect(resources.find((r) => r.type === 'vpc-flow-log')!.settings).not.toHaveProperty('deliverLogsPermissionArn');
    expect(resources.filter((r) => r.type === 'subscription-filter').map((r) => r.settings.logGroupName)).toEqual(['/app/orders']);
  });

  it('refuses a route it does not know, before any AWS call', () => {
    expect(() => testSettings({ flowLogsTo: 's3' })).toThrow(/--flow-logs-to must be cloudwatch-logs or firehose, not s3/);
  });

  it('across accounts: a source role in the sender, passed only to log delivery for its VPCs, assuming the central role that trusts the senders', () => {
    const sender = desiredState(testSettings({ accountId: '222222222222', centralAccountId: '111111111111', flowLogsTo: 'firehose', vpcIds: ['vpc-0a1b2c3d'] })).resources;
    const flowLog = sender.find((r) => r.type === 'vpc-flow-log')!.settings;
    expect(flowLog).toMatchObject({
      logDestinationType: 'kinesis-data-firehose',
      logDestination: 'arn:aws:firehose:eu-west-1:111111111111:deliverystream/splunk-logs-to-splunk',
      deliverLogsPermissionArn: 'arn:aws:iam::222222222222:role/splunk-logs-flow-logs-to-firehose',
      deliverCrossAccountRole: 'arn:aws:iam::111111111111:role/splunk-logs-flow-logs-cross-account',
    });
    const source = sender.find((r) => r.name === 'splunk-logs-flow-logs-to-firehose')!;
    expect(source.documents!.permissions!.Statement[0]!.Condition).toEqual({
      StringEquals: { 'iam:PassedToService': 'delivery.logs.amazonaws.com' },
      StringLike: { 'iam:AssociatedResourceARN': ['arn:aws:ec2:eu-west-1:222222222222:vpc/vpc-0a1b2c3d'] },
    });
    const central = desiredState(testSettings({ accountId: '111111111111', senderAccountIds: ['222222222222'], flowLogsTo: 'firehose' })).resources;
    const crossAccount = central.find((r) => r.name === 'splunk-logs-flow-logs-cross-account')!;
    expect(crossAccount.documents!.trust!.Statement[0]).toMatchObject({ Principal: { AWS: '222222222222' }, Condition: { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/splunk-logs-flow-logs-to-firehose' } } });
  });
});

describe('--flow-logs-to firehose, against the AWS fake', () => {
  let aws: FakeAws;
  beforeEach(() => {
    aws = new FakeAws(ACCOUNT);
    aws.install();
    aws.logGroups.set('/app/orders', { tags: {}, streams: new Set(), filters: new Map(), events: [] });
  });
  afterEach(() => aws.uninstall());

  it('moves a running account from the log group route to the stream with no gap, then removes what the old route left on destroy', async () => {
    const viaGroup = testSettings();
    await reconcile(testContext(viaGroup, true));
    const [before] = [...aws.flowLogs.values()];
    expect(before!.logGroup).toBe('/splunk-logs/vpc-flow-logs');

    const straight = testSettings({ flowLogsTo: 'firehose' });
    const moved = await reconcile(testContext(straight, true));
    expect(moved.find((r) => r.type === 'vpc-flow-log')).toMatchObject({ action: 'create', details: [`all traffic of vpc-0a1b2c3d straight into ${STREAM_ARN}`, `delete ${before!.id}, which delivers elsewhere`] });
    // Created before the old one went: the VPC was never without a flow log.
    expect(aws.calls.lastIndexOf('ec2:CreateFlowLogs')).toBeLessThan(aws.calls.lastIndexOf('ec2:DeleteFlowLogs'));
    expect([...aws.flowLogs.values()].map((f) => [f.type, f.destination])).toEqual([['kinesis-data-firehose', STREAM_ARN]]);
    expect(aws.streams.get('splunk-logs-to-splunk')!.tags.LogDeliveryEnabled).toBe('true');

    const again = await reconcile(testContext(straight, false));
    expect(again.filter((r) => r.action !== 'no change')).toEqual([]);
    const checks = await status(testContext(straight, false));
    expect(checks.find((c) => c.name === 'flow log vpc-0a1b2c3d')).toMatchObject({ ok: true });
    expect(checks.some((c) => c.name === 'subscription /splunk-logs/vpc-flow-logs')).toBe(false);

    const gone = await destroy(testContext(straight, true), false);
    expect(gone.filter((r) => r.action === 'delete').map((r) => `${r.type} ${r.name}`)).toEqual(
      expect.arrayContaining(['vpc-flow-log vpc-0a1b2c3d', 'log-group /splunk-logs/vpc-flow-logs', 'iam-role splunk-logs-vpc-flow-logs']),
    );
    expect(aws.flowLogs.size + aws.roles.size).toBe(0);
  });
});
