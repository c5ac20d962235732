import { expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const SECRET = 'f00dcafe-1234-5678-9abc-def012345678';

/** Runs the CLI with no AWS credentials at all and a token in the environment. */
function run(args: string[]) {
  const env = { PATH: process.env.PATH ?? '', SPLUNK_HEC_TOKEN: SECRET, AWS_EC2_METADATA_DISABLED: 'true' };
  const result = spawnSync(process.execPath, [bin, ...args], { env, encoding: 'utf8', timeout: 20_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const base = ['plan', '--offline', '--account-id', '111122223333', '--hec-url', 'https://hec.example.com:443'];

it('renders the full offline plan as JSON without credentials, and never the token', () => {
  const { code, stdout, stderr } = run([...base, '--region', 'eu-west-1', '--vpc-id', 'vpc-0a1b2c3d', '--output', 'json']);
  expect(stderr).toBe('');
  expect(code).toBe(0);
  const plan = JSON.parse(stdout);
  expect(plan.resources.map((r: { type: string }) => r.type)).toEqual([
    's3-bucket', 'iam-role', 'iam-role', 'iam-role', 'iam-role', 'log-group', 'lambda-function', 'log-group',
    'firehose-delivery-stream', 'log-group', 'vpc-flow-log', 'subscription-filter',
    'sns-topic', ...Array.from({ length: 11 }, () => 'cloudwatch-alarm'), 'cloudwatch-dashboard',
  ]);
  expect(stdout).not.toContain(SECRET);
  // --no-alarms: no topic and no alarm; the dashboard stays.
  const quiet = JSON.parse(run([...base, '--region', 'eu-west-1', '--vpc-id', 'vpc-0a1b2c3d', '--output', 'json', '--no-alarms']).stdout);
  expect(quiet.resources.filter((r: { type: string }) => /alarm|sns/.test(r.type))).toEqual([]);
});

it('fails on a bad alarm flag before anything else, naming it', () => {
  const { code, stderr } = run([...base, '--region', 'eu-west-1', '--alarm-email', 'nobody', '--silence-minutes', '1']);
  expect(code).toBe(2);
  expect(stderr).toContain('--alarm-email "nobody" is not an email address');
  expect(stderr).toContain('--silence-minutes must be from 5 to 1440 minutes, not 1');
});

it('plans every region given, as text', () => {
  const { code, stdout } = run([...base, '--region', 'eu-west-1', '--region', 'us-east-1']);
  expect(code).toBe(0);
  expect(stdout).toContain('Plan for account 111122223333, region eu-west-1');
  expect(stdout).toContain('Plan for account 111122223333, region us-east-1');
  expect(stdout).toContain('sts:ExternalId');
  expect(stdout).not.toContain(SECRET);
});

it('reads several accounts and regions from a YAML config file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fs-cli-'));
  const file = join(dir, 'accounts.yaml');
  writeFileSync(file, 'name: logs\nhecUrl: https://hec.example.com\ntargets:\n  - accountId: "111122223333"\n    regions: [eu-west-1, eu-central-1]\n    vpcIds: [vpc-0a1b2c3d]\n  - accountId: "444455556666"\n    region: us-east-1\n');
  const { code, stdout } = run(['plan', '--offline', '--config', file, '--output', 'json']);
  expect(code).toBe(0);
  const plans = stdout.trim().split(/\n(?=\{)/).map((p) => JSON.parse(p));
  expect(plans.map((p: { account: string; region: string }) => `${p.account}/${p.region}`)).toEqual([
    '111122223333/eu-west-1',
    '111122223333/eu-central-1',
    '444455556666/us-east-1',
  ]);
});

it('fails on bad flags with every problem named, before any AWS call', () => {
  const { code, stderr, stdout } = run(['plan', '--offline', '--account-id', '1', '--region', 'eu-west-1', '--hec-url', 'http://x']);
  expect(code).toBe(2);
  expect(stdout).toBe('');
  expect(stderr).toContain('firehose-splunk: INVALID_SETTINGS: nothing was planned');
  expect(stderr).toContain('--account-id "1" must be a 12-digit AWS account id');
  expect(stderr).toContain('--hec-url must use https');
});

it('fails a live command with no credentials with advice, after checking flags', () => {
  const { code, stderr } = run(['status', '--region', 'eu-west-1', '--hec-url', 'https://h.example.com']);
  expect(code).toBe(2);
  expect(stderr).toContain('firehose-splunk: AWS_CALL_FAILED: sts:GetCallerIdentity');
  expect(stderr).toContain('What to do: no AWS credentials were found');
});

it('finds the Lambda zip through its transform-lambda dependency, not a relative path', async () => {
  const { lambdaZipPath, readLambdaZip } = await import('../src/lambda-zip.js');
  expect(lambdaZipPath()).toMatch(/transform-lambda[/\\]dist[/\\]lambda[/\\]transform-lambda\.zip$/);
  expect(readLambdaZip().subarray(0, 2).toString()).toBe('PK');
  expect(() => readLambdaZip('/nonexistent/transform-lambda.zip')).toThrow(expect.objectContaining({ code: 'LAMBDA_ZIP_MISSING' }));
});

it('a bad config file is a CONFIG_FILE_INVALID error naming the file and the key', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fs-config-'));
  const file = join(dir, 'accounts.yaml');
  writeFileSync(file, 'hecUrl: https://hec.example.com\ntargets:\n  - accountId: "111122223333"\n    region: eu-west-1\n    colour: blue\n');
  const { code, stderr } = run(['plan', '--offline', '--config', file]);
  expect(code).toBe(2);
  expect(stderr).toContain('firehose-splunk: CONFIG_FILE_INVALID: ');
  expect(stderr).toContain('unknown key "colour" in targets[0]');
});
