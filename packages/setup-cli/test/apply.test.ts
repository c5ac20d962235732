import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { StepResult } from '../src/engine/context.js';
import { destroy, reconcile, status } from '../src/engine/run.js';
import { FakeAws } from './aws-fake.js';
import { testContext, testSettings } from './engine-helpers.js';

let aws: FakeAws;
beforeEach(() => {
  aws = new FakeAws();
  aws.install();
});
afterEach(() => aws.uninstall());

const changed = (results: StepResult[]) => results.filter((r) => r.action !== 'no change');

describe('apply', () => {
  it('creates everything from an empty account, then a second apply changes nothing', async () => {
    const settings = testSettings();
    aws.logGroups.set('/app/orders', { tags: {}, streams: new Set(), filters: new Map(), events: [] });
    const first = await reconcile(testContext(settings, true));
    expect(first.filter((r) => r.action === 'conflict')).toEqual([]);
    expect(aws.roles.size).toBe(4);
    expect(aws.buckets.get('splunk-logs-backup-111122223333-eu-west-1')?.config.size).toBe(5);
    expect(aws.functions.get('splunk-logs-transform')?.config.Runtime).toBe('nodejs22.x');
    expect(aws.streams.get('splunk-logs-to-splunk')?.status).toBe('ACTIVE');
    expect([...aws.flowLogs.values()].map((f) => f.vpc)).toEqual(['vpc-0a1b2c3d']);
    expect([...aws.logGroups.get('/app/orders')!.filters.keys()]).toEqual(['splunk-logs-to-splunk']);
    expect([...aws.logGroups.get('/splunk-logs/vpc-flow-logs')!.filters.keys()]).toEqual(['splunk-logs-to-splunk']);

    const writesBefore = aws.writes().length;
    const second = await reconcile(testContext(settings, true));
    expect(changed(second)).toEqual([]);
    expect(aws.writes().length).toBe(writesBefore);
  });

  it('plans without writing, and plan after drift names what apply would change', async () => {
    const settings = testSettings({ logGroups: [] });
    const plan = await reconcile(testContext(settings, false));
    expect(aws.writes()).toEqual([]);
    expect(plan.every((r) => r.action === 'create')).toBe(true);
    await reconcile(testContext(settings, true));
    // Drift: someone shortens retention, edits a policy and changes the Lambda memory.
    aws.logGroups.get('/splunk-logs/vpc-flow-logs')!.retention = 7;
    aws.roles.get('splunk-logs-firehose')!.policies.set('splunk-logs-firehose-permissions', '{"Version":"2012-10-17","Statement":[]}');
    aws.functions.get('splunk-logs-transform')!.config.MemorySize = 128;
    const drift = changed(await reconcile(testContext(settings, false)));
    expect(drift.map((r) => [r.type, r.name, r.action, r.details])).toEqual([
      ['iam-role', 'splunk-logs-firehose', 'update', ['inline policy splunk-logs-firehose-permissions']],
      ['log-group', '/splunk-logs/vpc-flow-logs', 'update', ['retention 30 days']],
      ['lambda-function', 'splunk-logs-transform', 'update', ['configuration (MemorySize)']],
    ]);
    await reconcile(testContext(settings, true));
    expect(changed(await reconcile(testContext(settings, false)))).toEqual([]);
  });

  it('retries IAM propagation delays and converges after a failure halfway', async () => {
    const settings = testSettings({ logGroups: [] });
    aws.inject('lambda:CreateFunction', { status: 400, code: 'InvalidParameterValueException', message: 'The role defined for the function cannot be assumed by Lambda.' }, 2);
    aws.inject('firehose:CreateDeliveryStream', { status: 400, code: 'AccessDeniedException', message: 'User is not authorized to perform: firehose:CreateDeliveryStream' });
    const ctx = testContext(settings, true);
    await expect(reconcile(ctx)).rejects.toMatchObject({ code: 'AWS_CALL_FAILED', call: 'firehose:CreateDeliveryStream', resource: 'splunk-logs-to-splunk', awsError: 'AccessDeniedException' });
    expect(ctx.messages.filter((m) => m.includes('not assumable by Lambda yet'))).toHaveLength(2);
    expect(aws.functions.size).toBe(1);
    await reconcile(testContext(settings, true));
    expect(aws.streams.get('splunk-logs-to-splunk')?.status).toBe('ACTIVE');
    expect(changed(await reconcile(testContext(settings, true)))).toEqual([]);
  });

  it('rides out throttling through the SDK retries', async () => {
    const settings = testSettings({ logGroups: [] });
    aws.inject('iam:GetRole', { status: 400, code: 'Throttling', message: 'Rate exceeded' }, 2);
    aws.inject('logs:DescribeLogGroups', { status: 400, code: 'ThrottlingException', message: 'Rate exceeded' }, 1);
    const results = await reconcile(testContext(settings, true));
    expect(results.some((r) => r.action === 'conflict')).toBe(false);
    expect(aws.roles.size).toBe(4);
  }, 60_000);

  it('survives lost connections: the SDK retries them', async () => {
    const settings = testSettings({ logGroups: [] });
    aws.dropConnections('firehose', 2);
    aws.dropConnections('iam', 1);
    const results = await reconcile(testContext(settings, true));
    expect(results.some((r) => r.action === 'conflict')).toBe(false);
    expect(aws.dropped).toBe(3);
    expect(aws.streams.get('splunk-logs-to-splunk')?.status).toBe('ACTIVE');
  });

  it('reports a log group with two foreign subscription filters as a conflict and leaves it alone', async () => {
    const settings = testSettings({ logGroups: ['/app/busy'] });
    const filters = new Map([
      ['a', { filterName: 'a', logGroupName: '/app/busy', filterPattern: '', destinationArn: 'arn:x', roleArn: 'arn:r' }],
      ['b', { filterName: 'b', logGroupName: '/app/busy', filterPattern: '', destinationArn: 'arn:y', roleArn: 'arn:r' }],
    ]);
    aws.logGroups.set('/app/busy', { tags: {}, streams: new Set(), filters, events: [] });
    const results = await reconcile(testContext(settings, true));
    const conflict = results.find((r) => r.name.startsWith('/app/busy'));
    expect(conflict).toMatchObject({ action: 'conflict' });
    expect(conflict!.details[0]).toContain('already has 2 subscription filters (a, b)');
    expect([...aws.logGroups.get('/app/busy')!.filters.keys()]).toEqual(['a', 'b']);
  });

  it('changes the S3 backup mode in place only where Firehose can (FailedEventsOnly to AllEvents), and says what to do for the other way', async () => {
    await reconcile(testContext(testSettings({ logGroups: [] }), true));
    const stream = () => aws.streams.get('splunk-logs-to-splunk')!;
    expect(stream().splunk.S3BackupMode).toBe('FailedEventsOnly');

    const all = testSettings({ logGroups: [], s3BackupMode: 'AllEvents' });
    expect(changed(await reconcile(testContext(all, false))).map((r) => [r.type, r.action, r.details])).toEqual([
      ['firehose-delivery-stream', 'update', ['Splunk destination (S3 backup mode FailedEventsOnly to AllEvents)']],
    ]);
    await reconcile(testContext(all, true));
    expect(stream().splunk.S3BackupMode).toBe('AllEvents');
    expect(changed(await reconcile(testContext(all, false)))).toEqual([]);

    // Back to FailedEventsOnly: not possible in place. The plan says so; apply makes every other
    // change, never sends the impossible one, and reports the conflict (exit 1) every time.
    const failedOnly = testSettings({ logGroups: [], s3BackupMode: 'FailedEventsOnly', hecAckTimeoutSeconds: 300 });
    const plan = changed(await reconcile(testContext(failedOnly, false))).filter((r) => r.type === 'firehose-delivery-stream');
    expect(plan.map((r) => [r.type, r.action])).toEqual([
      ['firehose-delivery-stream', 'update'],
      ['firehose-delivery-stream', 'conflict'],
    ]);
    expect(plan[1]!.details[0]).toMatch(/cannot change it to FailedEventsOnly in place.*keep --s3-backup-mode AllEvents, or run destroy and then apply/);
    const applied = await reconcile(testContext(failedOnly, true));
    expect(applied.filter((r) => r.action === 'conflict')).toHaveLength(1);
    expect(stream().splunk.S3BackupMode).toBe('AllEvents');
    expect(stream().splunk.HECAcknowledgmentTimeoutInSeconds).toBe(300);
    expect(aws.calls.filter((c) => c === 'firehose:UpdateDestination')).toHaveLength(2);
    expect(changed(await reconcile(testContext(failedOnly, false))).map((r) => r.action)).toEqual(['conflict']);
  });

  it('creates the bucket without a LocationConstraint in us-east-1', async () => {
    const settings = testSettings({ region: 'us-east-1', logGroups: [] });
    await reconcile(testContext(settings, true));
    expect(aws.buckets.get('splunk-logs-backup-111122223333-us-east-1')?.region).toBe('us-east-1');
  });

  it('updates the code when the zip changes', async () => {
    const settings = testSettings({ logGroups: [] });
    await reconcile(testContext(settings, true, Buffer.from('zip v1')));
    const results = changed(await reconcile(testContext(settings, true, Buffer.from('zip v2'))));
    expect(results.map((r) => [r.name, r.details])).toEqual([['splunk-logs-transform', ['code']]]);
  });

  it('refuses resources of the same name that it did not create', async () => {
    const settings = testSettings({ logGroups: [] });
    aws.roles.set('splunk-logs-firehose', { trust: '{}', tags: {}, policies: new Map() });
    const results = await reconcile(testContext(settings, true));
    expect(results.find((r) => r.name === 'splunk-logs-firehose')).toMatchObject({ action: 'conflict' });
    expect(aws.functions.size).toBe(0);
    expect(aws.roles.get('splunk-logs-firehose')!.trust).toBe('{}');
  });

  it('stops when the credentials belong to another account', async () => {
    await expect(reconcile(testContext(testSettings({ accountId: '999999999999' }), true))).rejects.toMatchObject({ code: 'WRONG_ACCOUNT' });
    expect(aws.writes()).toEqual([]);
  });
});

describe('destroy and status', () => {
  it('removes what it created, keeps the bucket unless asked, and leaves foreign resources alone', async () => {
    const settings = testSettings();
    aws.logGroups.set('/app/orders', { tags: {}, streams: new Set(), filters: new Map(), events: [] });
    await reconcile(testContext(settings, true));
    aws.roles.set('someone-elses-role', { trust: '{}', tags: {}, policies: new Map() });
    const results = await destroy(testContext(settings, true), false);
    expect(results.find((r) => r.type === 's3-bucket')).toMatchObject({ action: 'keep' });
    expect(aws.roles.size).toBe(1);
    expect(aws.functions.size).toBe(0);
    expect(aws.streams.size).toBe(0);
    expect(aws.flowLogs.size).toBe(0);
    expect(aws.logGroups.get('/app/orders')!.filters.size).toBe(0);
    expect([...aws.logGroups.keys()]).toEqual(['/app/orders']);
    expect(aws.buckets.size).toBe(1);
    await destroy(testContext(settings, true), true);
    expect(aws.buckets.size).toBe(0);
  });

  it('reports a healthy wiring, then what broke', async () => {
    const settings = testSettings();
    aws.logGroups.set('/app/orders', { tags: {}, streams: new Set(), filters: new Map(), events: [] });
    await reconcile(testContext(settings, true));
    const healthy = await status(testContext(settings, false));
    expect(healthy.every((c) => c.ok)).toBe(true);
    aws.logGroups.get('/app/orders')!.filters.clear();
    aws.logGroups.get('/aws/kinesisfirehose/splunk-logs-to-splunk')!.events.push({ timestamp: Date.now(), message: 'The Splunk HEC endpoint rejected the token' });
    const broken = (await status(testContext(settings, false))).filter((c) => !c.ok);
    expect(broken.map((c) => c.name)).toEqual(['subscription /app/orders', 'recent delivery errors']);
    expect(broken[1]!.detail).toContain('rejected the token');
  });
});
