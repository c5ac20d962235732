import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { ConfiguredRetryStrategy } from '@smithy/util-retry';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClients } from '../../src/aws/clients.js';
import type { LiveDeps } from '../../src/commands/live-deps.js';
import type { Io } from '../../src/io.js';
import { main } from '../../src/main.js';
import { FakeAws } from '../aws-fake.js';
import { TOKEN } from '../engine-helpers.js';

/**
 * An organisation's rollout from one config file, against one stateful fake per account:
 * each target's credentials carry its account's access key, so its calls reach its fake only.
 */
const CENTRAL = '111111111111';
const SENDER = '222222222222';
const OTHER = '333333333333';
const ORG = 'o-a1b2c3d4e5';
const DESTINATION = `arn:aws:logs:eu-west-1:${CENTRAL}:destination:org-logs-destination`;

let accounts: Map<string, FakeAws>;
beforeEach(() => {
  accounts = new Map([CENTRAL, SENDER, OTHER].map((id) => [id, new FakeAws(id)]));
  for (const [id, fake] of accounts) {
    fake.organizationId = ORG;
    for (const [peer, other] of accounts) if (peer !== id) fake.peers.set(peer, other);
    fake.install({ accessKeyId: `AKID${id}` });
    // Each sender's application log group exists already, as the app made it.
    if (id !== CENTRAL) fake.logGroups.set('/app/orders', { tags: {}, streams: new Set(), filters: new Map(), events: [] });
  }
});
afterEach(() => accounts.get(CENTRAL)!.uninstall());

const deps: LiveDeps = {
  clientsFor: (target, region) => createClients(region, async () => ({ accessKeyId: `AKID${target.accountId}`, secretAccessKey: 'secret' }), new ConfiguredRetryStrategy(4, () => 5)),
  lambdaZip: () => Buffer.from('zip'),
  retry: { attempts: 4, baseDelayMs: 0, maxDelayMs: 0, sleep: async () => {} },
  waitForActive: { timeoutMs: 10_000, pollMs: 0 },
};

function io() {
  const out: string[] = [];
  const err: string[] = [];
  const value: Io = { out: (t) => out.push(t), err: (t) => err.push(t), env: { SPLUNK_HEC_TOKEN: TOKEN }, readStdin: async () => '' };
  return { io: value, out: () => out.join(''), err: () => err.join('') };
}

/** The file a platform team keeps: shared settings, the senders listed before the central account. */
function configFile(extra: string[] = [], senders = [SENDER]): string {
  const file = join(mkdtempSync(join(tmpdir(), 'org-')), 'organisation.yaml');
  const lines = [
    'name: org-logs',
    'hecUrl: https://hec.example.com:443',
    ...extra,
    'targets:',
    ...senders.flatMap((id) => [`  - accountId: "${id}"`, '    regions: [eu-west-1]', `    centralAccountId: "${CENTRAL}"`, '    vpcIds: [vpc-0a1b2c3d]', '    logGroups: [/app/orders]']),
    `  - accountId: "${CENTRAL}"`,
    '    regions: [eu-west-1]',
    '    vpcIds: [vpc-1b2c3d4e]',
  ];
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

const fake = (id: string) => accounts.get(id)!;

describe('an organisation rolled out from one config file', () => {
  it('wires the central account first, then the sender to its destination; a second apply changes nothing; status checks both', async () => {
    const sender = fake(SENDER);
    const file = configFile();
    const first = io();
    expect(await main(['apply', '--yes', '--config', file], first.io, deps)).toBe(0);
    // The central account ran first, although the file lists it last.
    expect(first.err().indexOf(`account ${CENTRAL}`)).toBeLessThan(first.err().indexOf(`account ${SENDER}`));
    const destination = fake(CENTRAL).destinations.get('org-logs-destination')!;
    expect(destination.targetArn).toBe(`arn:aws:firehose:eu-west-1:${CENTRAL}:deliverystream/org-logs-to-splunk`);
    expect(JSON.parse(destination.accessPolicy!).Statement[0].Principal).toEqual({ AWS: SENDER });
    // The sender: filters to the destination, no role on them, and nothing of the pipeline.
    for (const group of ['/org-logs/vpc-flow-logs', '/app/orders']) {
      const filter = sender.logGroups.get(group)!.filters.get('org-logs-to-splunk')!;
      expect(filter.destinationArn).toBe(DESTINATION);
      expect(filter).not.toHaveProperty('roleArn');
    }
    expect(sender.streams.size + sender.functions.size + sender.buckets.size + sender.alarms.size + sender.destinations.size).toBe(0);
    expect(sender.calls).not.toContain('secretsmanager:GetSecretValue');
    const second = io();
    expect(await main(['apply', '--yes', '--config', file], second.io, deps)).toBe(0);
    expect(second.out()).not.toContain('Applied to');
    const health = io();
    expect(await main(['status', '--config', file], health.io, deps)).toBe(0);
    expect(health.out()).toContain(`OK   destination ${DESTINATION}: to org-logs-to-splunk; account ${SENDER} may subscribe`);
    expect(health.out()).toContain(`OK   subscription /app/orders: filter org-logs-to-splunk to destination ${DESTINATION}: 0 events forwarded in the last 60 min`);

    // The central account deletes its destination: the sender cannot see it, but CloudWatch
    // Logs' delivery metrics for its filter say so, and status fails on them.
    sender.deliveryMetrics.set('ForwardedLogEvents /app/orders org-logs-to-splunk', 120);
    sender.deliveryMetrics.set('DeliveryErrors /app/orders org-logs-to-splunk', 37);
    const broken = io();
    expect(await main(['status', '--config', file], broken.io, deps)).toBe(1);
    expect(broken.out()).toContain('FAIL subscription /app/orders: filter org-logs-to-splunk to destination');
    expect(broken.out()).toContain('37 events failed to reach it in the last 60 min (DeliveryErrors), 120 forwarded');
  });

  it('moves the grant to the organisation only once the senders carry the organisation role, as AWS requires', async () => {
    expect(await main(['apply', '--yes', '--config', configFile()], io().io, deps)).toBe(0);
    const withOrg = configFile([`organizationId: ${ORG}`]);
    const refused = io();
    expect(await main(['apply', '--yes', '--config', withOrg], refused.io, deps)).toBe(1);
    expect(refused.out()).toMatch(/! conflict +cloudwatch-logs-destination org-logs-destination: the access policy would move from accounts to an organisation/);
    // The same run still gave the sender its organisation role and put it on its filters.
    const filter = fake(SENDER).logGroups.get('/org-logs/vpc-flow-logs')!.filters.get('org-logs-to-splunk')!;
    expect(filter.roleArn).toBe(`arn:aws:iam::${SENDER}:role/org-logs-cwlogs-to-destination`);
    expect(JSON.parse(fake(CENTRAL).destinations.get('org-logs-destination')!.accessPolicy!).Statement[0].Principal).toEqual({ AWS: SENDER });
    const forced = io();
    expect(await main(['apply', '--yes', '--config', withOrg, '--force-destination-policy-update'], forced.io, deps)).toBe(0);
    expect(JSON.parse(fake(CENTRAL).destinations.get('org-logs-destination')!.accessPolicy!).Statement).toEqual([
      expect.objectContaining({ Principal: '*', Condition: { StringEquals: { 'aws:PrincipalOrgID': [ORG] } } }),
    ]);
    // A new account of the organisation subscribes with no change to the central account.
    const grown = io();
    expect(await main(['apply', '--yes', '--config', configFile([`organizationId: ${ORG}`], [SENDER, OTHER])], grown.io, deps)).toBe(0);
    expect(grown.out()).not.toMatch(new RegExp(`Applied to account ${CENTRAL}`));
    expect(fake(OTHER).logGroups.get('/org-logs/vpc-flow-logs')!.filters.get('org-logs-to-splunk')!.destinationArn).toBe(DESTINATION);
  });

  it('says what to do when the central destination does not grant a sender', async () => {
    expect(await main(['apply', '--yes', '--config', configFile()], io().io, deps)).toBe(0);
    const outsider = io();
    const flags = ['--account-id', OTHER, '--region', 'eu-west-1', '--name', 'org-logs', '--central-account-id', CENTRAL, '--vpc-id', 'vpc-0a1b2c3d'];
    expect(await main(['apply', '--yes', ...flags], outsider.io, deps)).toBe(2);
    expect(outsider.err()).toMatch(/AWS_CALL_FAILED: logs:PutSubscriptionFilter .* not authorized .* What to do: the central account.s destination does not grant this account/);
  });

  it('refuses a sender in a region where the file has no central account, before any AWS call', async () => {
    const file = configFile();
    // The sender (listed first) moves to us-east-1; the central account stays in eu-west-1.
    writeFileSync(file, readFileSync(file, 'utf8').replace('regions: [eu-west-1]', 'regions: [us-east-1]'));
    const refused = io();
    expect(await main(['apply', '--yes', '--config', file], refused.io, deps)).toBe(2);
    expect(refused.err()).toMatch(/INVALID_SETTINGS: .*sender 222222222222\/us-east-1 points at central account 111111111111, which this file sets up only in eu-west-1/s);
    for (const account of accounts.values()) expect(account.calls).toEqual([]);
  });

  it('sends the senders\u2019 flow logs straight into the central stream with flowLogsTo: firehose, through the two roles AWS requires', async () => {
    const file = configFile(['flowLogsTo: firehose']);
    expect(await main(['apply', '--yes', '--config', file], io().io, deps)).toBe(0);
    const [flowLog] = [...fake(SENDER).flowLogs.values()];
    expect(flowLog).toMatchObject({
      type: 'kinesis-data-firehose',
      destination: `arn:aws:firehose:eu-west-1:${CENTRAL}:deliverystream/org-logs-to-splunk`,
      role: `arn:aws:iam::${SENDER}:role/org-logs-flow-logs-to-firehose`,
      crossAccountRole: `arn:aws:iam::${CENTRAL}:role/org-logs-flow-logs-cross-account`,
    });
    // No flow log group in the sender; its application group still goes through the destination.
    expect(fake(SENDER).logGroups.has('/org-logs/vpc-flow-logs')).toBe(false);
    expect(fake(SENDER).logGroups.get('/app/orders')!.filters.get('org-logs-to-splunk')!.destinationArn).toBe(DESTINATION);
    const health = io();
    expect(await main(['status', '--config', file], health.io, deps)).toBe(0);
    expect(health.out()).toContain('OK   flow log vpc-0a1b2c3d: ACTIVE');
    // A sender the central role does not trust is refused by log delivery, and the CLI says so.
    const outsider = io();
    const flags = ['--account-id', OTHER, '--region', 'eu-west-1', '--name', 'org-logs', '--central-account-id', CENTRAL, '--vpc-id', 'vpc-0a1b2c3d', '--flow-logs-to', 'firehose'];
    expect(await main(['apply', '--yes', ...flags], outsider.io, deps)).toBe(2);
    expect(outsider.err()).toMatch(/AWS_CALL_FAILED: ec2:CreateFlowLogs on vpc-0a1b2c3d failed: .*Unable to assume/);
  });

  it('destroys the senders and the central destination', async () => {
    const file = configFile();
    expect(await main(['apply', '--yes', '--config', file], io().io, deps)).toBe(0);
    const gone = io();
    expect(await main(['destroy', '--yes', '--config', file], gone.io, deps)).toBe(0);
    expect(fake(CENTRAL).destinations.size).toBe(0);
    expect(fake(SENDER).roles.size + fake(SENDER).flowLogs.size).toBe(0);
    expect(fake(SENDER).logGroups.has('/org-logs/vpc-flow-logs')).toBe(false);
  });
});
