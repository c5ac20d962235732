import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cloudFormationTemplate, PLAN_RESOURCE_KEY, planResourceLabel, type CfnTemplate } from '../../src/cloudformation/template.js';
import { desiredState } from '../../src/desired-state.js';
import type { Io } from '../../src/io.js';
import { main } from '../../src/main.js';
import { validateSettings, type RawSettings } from '../../src/settings.js';
import { validateTemplate } from './validate-template.js';

const ACCOUNT = '111122223333';
const base: RawSettings = { accountId: ACCOUNT, region: 'eu-west-1', hecUrl: 'https://hec.example.com:443', vpcIds: ['vpc-0a1b2c3d'], logGroups: ['/app/orders'] };
const SECRET = `arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:hec-AbCdEf`;

function plan(raw: RawSettings) {
  const checked = validateSettings({ ...base, ...raw });
  if (!checked.ok) throw new Error(checked.problems.join('; '));
  const { names, resources } = desiredState(checked.settings);
  return { settings: checked.settings, resources, template: cloudFormationTemplate(checked.settings, names, resources) };
}

/** Every shape of account the CLI plans, each as a template. */
const VARIANTS: Array<[string, RawSettings]> = [
  ['a single account', {}],
  ['Raw, a KMS key, a Secrets Manager token, an existing alarm topic', { hecEndpointType: 'Raw', kmsKeyArn: 'arn:aws:kms:eu-west-1:111122223333:key/0a1b2c3d-0a1b-0a1b-0a1b-0a1b2c3d4e5f', hecTokenSecretArn: SECRET, alarmTopicArn: 'arn:aws:sns:eu-west-1:111122223333:ops', lambdaEnvironment: ['VPC_FLOW_FORMAT=${version} ${account-id} ${interface-id} ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${protocol} ${packets} ${bytes} ${start} ${end} ${action} ${log-status}'] }],
  ['no alarms, flow logs straight to Firehose', { alarms: false, flowLogsTo: 'firehose' }],
  ['a central account for accounts and an organisation', { senderAccountIds: ['444455556666'], organizationId: 'o-a1b2c3d4e5', alarmEmails: ['ops@example.com'] }],
  ['a central account taking flow logs straight from senders', { senderAccountIds: ['444455556666'], flowLogsTo: 'firehose' }],
  ['a sender', { centralAccountId: '999988887777' }],
  ['a sender in an organisation, flow logs straight to the central stream', { centralAccountId: '999988887777', organizationId: 'o-a1b2c3d4e5', flowLogsTo: 'firehose' }],
];

describe('plan --output cloudformation', () => {
  it.each(VARIANTS)('is valid against the CloudFormation specification: %s', (_what, raw) => {
    const { template } = plan(raw);
    expect(validateTemplate(template)).toEqual([]);
  });

  it.each(VARIANTS)('names the same resources as apply would make: %s', (_what, raw) => {
    const { template, resources } = plan(raw);
    const inTemplate = Object.values(template.Resources)
      .map((r) => String(r.Metadata?.[PLAN_RESOURCE_KEY]))
      .filter((name) => !name.includes(' ('));
    expect(inTemplate.sort()).toEqual(resources.map((r) => planResourceLabel(r.type, r.name, ACCOUNT, 'eu-west-1')).sort());
  });

  it.each(VARIANTS)('never holds the token, and no id of this account or its region, so a StackSet can roll it out: %s', (_what, raw) => {
    const { template } = plan(raw);
    const text = JSON.stringify(template);
    const secret = raw.hecTokenSecretArn;
    const withoutSecret = secret ? text.replaceAll(secret, '') : text;
    expect(withoutSecret).not.toContain(ACCOUNT);
    expect(withoutSecret).not.toContain('eu-west-1');
    if (template.Resources.DeliveryStreamSplunkLogsToSplunk) {
      const token = (template.Resources.DeliveryStreamSplunkLogsToSplunk.Properties.SplunkDestinationConfiguration as Record<string, unknown>).HECToken;
      if (secret) expect(token).toBe(`{{resolve:secretsmanager:${secret}:SecretString:token}}`);
      else {
        expect(token).toEqual({ Ref: 'HecToken' });
        expect(template.Parameters.HecToken).toMatchObject({ Type: 'String', NoEcho: true });
      }
    }
  });

  it('keeps a literal ${...} (a flow log format) literal inside Fn::Sub', () => {
    const { template } = plan(VARIANTS[1]![1]);
    const variables = (template.Resources.TransformFunctionSplunkLogsTransform!.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(JSON.stringify(variables.VPC_FLOW_FORMAT)).toBe(JSON.stringify('${version} ${account-id} ${interface-id} ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${protocol} ${packets} ${bytes} ${start} ${end} ${action} ${log-status}'));
    const policy = template.Resources.BackupBucket!.Properties.BucketName;
    expect(policy).toEqual({ 'Fn::Sub': 'splunk-logs-backup-${AWS::AccountId}-${AWS::Region}' });
  });

  it('the validator catches what CloudFormation would refuse', () => {
    const broken = JSON.parse(JSON.stringify(plan({}).template)) as CfnTemplate;
    const stream = broken.Resources.DeliveryStreamSplunkLogsToSplunk!;
    (stream.Properties.SplunkDestinationConfiguration as Record<string, unknown>).HecUrl = 'x';
    delete (stream.Properties.SplunkDestinationConfiguration as Record<string, unknown>).HECEndpoint;
    broken.Resources.TransformFunctionSplunkLogsTransform!.Properties.MemorySize = '256';
    broken.Resources.TransformFunctionSplunkLogsTransform!.Properties.Role = { 'Fn::GetAtt': ['RoleSplunkLogsTransformLambda', 'Name'] };
    broken.Resources.LogGroupSplunkLogsVpcFlowLogs!.DependsOn = ['Nowhere'];
    (broken.Resources.AlarmSplunkLogsDeliveryFreshness!.Properties as Record<string, unknown>).Dimensions = [{ Name: 'DeliveryStreamName', Valu: 'x' }];
    broken.Resources.Extra = { Type: 'AWS::Logs::Nonexistent', Properties: {} };
    const problems = validateTemplate(broken).join('\n');
    expect(problems).toContain('SplunkDestinationConfiguration.HecUrl: SplunkDestinationConfiguration has no property HecUrl');
    expect(problems).toContain('SplunkDestinationConfiguration requires HECEndpoint');
    expect(problems).toContain('MemorySize: expected an integer');
    expect(problems).toContain('has no attribute Name');
    expect(problems).toContain('Nowhere is not a resource');
    expect(problems).toContain('Dimensions[0]: Dimension requires Value');
    expect(problems).toContain('AWS::Logs::Nonexistent is not a CloudFormation resource type');
  });
});

describe('firehose-splunk plan --offline --output cloudformation', () => {
  const io = () => {
    const out: string[] = [];
    const err: string[] = [];
    const value: Io = { out: (t) => out.push(t), err: (t) => err.push(t), env: {}, readStdin: async () => '' };
    return { io: value, out: () => out.join(''), err: () => err.join('') };
  };
  const flags = ['plan', '--offline', '--account-id', ACCOUNT, '--hec-url', 'https://hec.example.com:443', '--vpc-id', 'vpc-0a1b2c3d', '--output', 'cloudformation'];

  it('prints one template for one target, and writes one file per target with --out-dir', async () => {
    const one = io();
    expect(await main([...flags, '--region', 'eu-west-1'], one.io)).toBe(0);
    expect(validateTemplate(JSON.parse(one.out()) as CfnTemplate)).toEqual([]);
    const dir = join(mkdtempSync(join(tmpdir(), 'cfn-')), 'templates');
    const two = io();
    expect(await main([...flags, '--region', 'eu-west-1', '--region', 'us-east-1', '--out-dir', dir], two.io)).toBe(0);
    expect(readdirSync(dir).sort()).toEqual([`${ACCOUNT}-eu-west-1-splunk-logs.template.json`, `${ACCOUNT}-us-east-1-splunk-logs.template.json`]);
    expect(validateTemplate(JSON.parse(readFileSync(join(dir, readdirSync(dir)[1]!), 'utf8')) as CfnTemplate)).toEqual([]);
  });

  it('refuses what a template cannot hold, before anything: several targets with no folder, every VPC, no --offline', async () => {
    const several = io();
    expect(await main([...flags, '--region', 'eu-west-1', '--region', 'us-east-1'], several.io)).toBe(2);
    expect(several.err()).toMatch(/INVALID_SETTINGS: .*with 2 targets, name a folder with --out-dir/s);
    const all = io();
    expect(await main(['plan', '--offline', '--account-id', ACCOUNT, '--region', 'eu-west-1', '--hec-url', 'https://hec.example.com:443', '--all-vpcs', '--output', 'cloudformation'], all.io)).toBe(2);
    expect(all.err()).toMatch(/INVALID_SETTINGS: .*--all-vpcs lists the VPCs at apply time/s);
    const live = io();
    expect(await main(['plan', '--region', 'eu-west-1', '--output', 'cloudformation'], live.io)).toBe(2);
    expect(live.err()).toContain('USAGE: --output cloudformation renders the plan without AWS: add --offline');
  });
});
