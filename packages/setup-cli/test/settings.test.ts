import { expect, it } from '@jest/globals';
import { validateSettings } from '../src/settings.js';

it('reports every bad flag at once, naming it and what would be right', () => {
  const result = validateSettings({
    name: 'Bad_Name',
    accountId: '12345',
    region: 'europe',
    hecUrl: 'http://hec.example.com/services/collector',
    hecAckTimeoutSeconds: 30,
    logRetentionDays: 10,
    vpcIds: ['vpc-xyz'],
    hecTokenFile: '/tmp/t',
    hecTokenStdin: true,
  });
  expect(result.ok).toBe(false);
  expect(!result.ok && result.problems).toEqual([
    '--name "Bad_Name" must be 3 to 32 lower-case letters, digits and hyphens, starting with a letter (it prefixes every resource, S3 bucket included)',
    '--account-id "12345" must be a 12-digit AWS account id',
    '--region "europe" is not an AWS region name such as us-east-1',
    '--hec-url must use https (Firehose delivers to Splunk over TLS only), not http:',
    '--hec-url must be the HEC base URL without a path, e.g. https://http-inputs-acme.splunkcloud.com:443 (got path /services/collector)',
    '--hec-ack-timeout must be from 180 to 600 seconds, not 30',
    '--log-retention-days must be one of CloudWatch Logs\' periods (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653), not 10',
    '--vpc-id "vpc-xyz" is not a VPC id such as vpc-0a1b2c3d',
    'give the HEC token one way only: SPLUNK_HEC_TOKEN, --hec-token-file, --hec-token-stdin or --hec-token-secret-arn',
  ]);
});

it('refuses a name whose bucket would pass 63 characters', () => {
  const result = validateSettings({ name: 'a-very-long-prefix-for-everything', accountId: '111122223333', region: 'ap-southeast-2', hecUrl: 'https://h.example.com' });
  expect(!result.ok && result.problems).toEqual([
    expect.stringContaining('--name "a-very-long-prefix-for-everything" must be 3 to 32'),
    expect.stringContaining("would exceed S3's 63 characters"),
  ]);
});

it('fills documented defaults', () => {
  const result = validateSettings({ accountId: '111122223333', region: 'us-east-1', hecUrl: 'https://h.example.com:8088' });
  expect(result.ok && result.settings).toMatchObject({
    name: 'splunk-logs',
    hecUrl: 'https://h.example.com:8088',
    hecEndpointType: 'Event',
    hecAckTimeoutSeconds: 180,
    retryDurationSeconds: 300,
    s3BackupMode: 'FailedEventsOnly',
    processorBufferSizeMb: 0.256,
    lambdaMemoryMb: 256,
    lambdaTimeoutSeconds: 60,
    hecTokenSource: { kind: 'env', variable: 'SPLUNK_HEC_TOKEN' },
  });
});

it('checks transform Lambda settings with the Lambda\'s own loader, before any AWS call', () => {
  const base = { accountId: '111122223333', region: 'eu-west-1', hecUrl: 'https://h.example.com' };
  const good = validateSettings({ ...base, lambdaEnvironment: ['DEFAULT_INDEX=aws', 'VPC_FLOW_ACTIONS=ACCEPT'] });
  expect(good.ok && good.settings.lambdaEnvironment).toEqual({ DEFAULT_INDEX: 'aws', VPC_FLOW_ACTIONS: 'ACCEPT' });
  const bad = validateSettings({ ...base, lambdaEnvironment: ['VPC_FLOW_ACTIONS=ALLOW', 'HEC_ENDPOINT_TYPE=Raw', 'lower=x'] });
  expect(!bad.ok && bad.problems).toEqual([
    '--lambda-env cannot set HEC_ENDPOINT_TYPE: use --hec-endpoint-type, which sets Firehose and the Lambda alike',
    '--lambda-env "lower=x" must be KEY=VALUE with an upper-case variable name',
    '--lambda-env: VPC_FLOW_ACTIONS has ALLOW: use ACCEPT, REJECT or both',
  ]);
});
