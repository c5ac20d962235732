import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { ConfiguredRetryStrategy } from '@smithy/util-retry';
import { createClients } from '../src/aws/clients.js';
import type { LiveDeps } from '../src/commands/live-deps.js';
import type { Io } from '../src/io.js';
import { main } from '../src/main.js';
import { FakeAws } from './aws-fake.js';
import { TOKEN } from './engine-helpers.js';

let aws: FakeAws;
beforeEach(() => {
  aws = new FakeAws();
  aws.install();
});
afterEach(() => aws.uninstall());

const deps: LiveDeps = {
  clientsFor: (_target, region) => createClients(region, async () => ({ accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' }), new ConfiguredRetryStrategy(4, () => 5)),
  lambdaZip: () => Buffer.from('zip'),
  retry: { attempts: 4, baseDelayMs: 0, maxDelayMs: 0, sleep: async () => {} },
  waitForActive: { timeoutMs: 10_000, pollMs: 0 },
};

function io(options: { confirm?: boolean; env?: Record<string, string> } = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const value: Io = {
    out: (t) => out.push(t),
    err: (t) => err.push(t),
    env: { SPLUNK_HEC_TOKEN: TOKEN, ...options.env },
    readStdin: async () => '',
    ...(options.confirm !== undefined ? { confirm: async () => options.confirm! } : {}),
  };
  return { io: value, out: () => out.join(''), err: () => err.join('') };
}

const flags = ['--region', 'eu-west-1', '--hec-url', 'https://hec.example.com:443', '--vpc-id', 'vpc-0a1b2c3d'];

describe('firehose-splunk against the AWS fake', () => {
  it('apply --yes wires the account, a second apply has nothing to do, status is healthy, destroy cleans up', async () => {
    const first = io();
    expect(await main(['apply', '--yes', ...flags], first.io, deps)).toBe(0);
    expect(first.out()).toContain('+ create    firehose-delivery-stream splunk-logs-to-splunk');
    expect(first.err()).toContain('waiting for delivery stream splunk-logs-to-splunk to become ACTIVE');
    const second = io();
    expect(await main(['apply', '--yes', ...flags], second.io, deps)).toBe(0);
    expect(second.out()).not.toContain('Applied to');
    expect(second.out()).toMatch(/= no change/);
    const health = io();
    expect(await main(['status', ...flags], health.io, deps)).toBe(0);
    expect(health.out()).not.toContain('FAIL');
    const gone = io();
    expect(await main(['destroy', '--yes', ...flags], gone.io, deps)).toBe(0);
    expect(aws.streams.size + aws.functions.size + aws.roles.size).toBe(0);
    expect(aws.buckets.size).toBe(1);
    for (const text of [first.out(), first.err(), second.out(), health.out(), gone.out()]) expect(text).not.toContain(TOKEN);
    expect(aws.streams.size).toBe(0);
  });

  it('plans live without writing, and refuses to apply with nobody to confirm', async () => {
    const plan = io();
    expect(await main(['plan', ...flags, '--output', 'json'], plan.io, deps)).toBe(0);
    expect(JSON.parse(plan.out()).results.every((r: { action: string }) => r.action === 'create')).toBe(true);
    const refused = io();
    expect(await main(['apply', ...flags], refused.io, deps)).toBe(2);
    expect(refused.err()).toContain('firehose-splunk: CONFIRMATION_REQUIRED: ');
    expect(refused.err()).toContain('run again with --yes');
    const declined = io({ confirm: false });
    expect(await main(['apply', ...flags], declined.io, deps)).toBe(1);
    expect(aws.writes()).toEqual([]);
  });

  it('exits 1 and names the failing check when the wiring is broken', async () => {
    await main(['apply', '--yes', ...flags], io().io, deps);
    aws.streams.get('splunk-logs-to-splunk')!.status = 'DELETING';
    const broken = io();
    expect(await main(['status', ...flags], broken.io, deps)).toBe(1);
    expect(broken.out()).toContain('FAIL delivery stream splunk-logs-to-splunk: DELETING');
  });

  it('says what to do when the token is missing, without calling a write', async () => {
    const noToken = io({ env: { SPLUNK_HEC_TOKEN: '' } });
    expect(await main(['apply', '--yes', ...flags], noToken.io, deps)).toBe(2);
    expect(noToken.err()).toContain('firehose-splunk: HEC_TOKEN_UNAVAILABLE: SPLUNK_HEC_TOKEN is not set');
    expect(aws.writes()).toEqual([]);
  });

  it('reads the token from Secrets Manager or a file, and every VPC of the region with --all-vpcs', async () => {
    const arn = 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:hec-AbCdEf';
    aws.secrets.set(arn, JSON.stringify({ token: 'from-secrets-manager' }));
    const all = ['--region', 'eu-west-1', '--hec-url', 'https://hec.example.com:443', '--all-vpcs'];
    expect(await main(['apply', '--yes', ...all, '--hec-token-secret-arn', arn], io({ env: { SPLUNK_HEC_TOKEN: '' } }).io, deps)).toBe(0);
    expect(aws.streams.get('splunk-logs-to-splunk')!.splunk.HECToken).toBe('from-secrets-manager');
    expect([...aws.flowLogs.values()].map((f) => f.vpc).sort()).toEqual(['vpc-0a1b2c3d', 'vpc-1b2c3d4e']);
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const file = join(mkdtempSync(join(tmpdir(), 'token-')), 'token');
    writeFileSync(file, 'from-a-file\n');
    const rotated = io({ env: { SPLUNK_HEC_TOKEN: '' } });
    expect(await main(['apply', '--yes', ...all, '--hec-token-file', file], rotated.io, deps)).toBe(0);
    expect(rotated.out()).toContain('~ update    firehose-delivery-stream splunk-logs-to-splunk: Splunk destination (HEC token)');
    expect(aws.streams.get('splunk-logs-to-splunk')!.splunk.HECToken).toBe('from-a-file');
    expect(rotated.out() + rotated.err()).not.toContain('from-a-file');
  });
});
