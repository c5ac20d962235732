import { describe, expect, it } from '@jest/globals';
import { desiredState } from '../src/desired-state.js';
import { oversizedPolicies, POLICY_SIZE_LIMITS } from '../src/iam-policies.js';
import { validateSettings, type RawSettings, type Settings } from '../src/settings.js';

function settings(raw: RawSettings = {}): Settings {
  const checked = validateSettings({ accountId: '111122223333', region: 'eu-west-1', hecUrl: 'https://hec.example.com:443', vpcIds: ['vpc-0a1b2c3d'], ...raw });
  if (!checked.ok) throw new Error(checked.problems.join('; '));
  return checked.settings;
}

function documents(s: Settings) {
  return Object.fromEntries(
    desiredState(s)
      .resources.filter((r) => r.documents)
      .map((r) => [r.name, r.documents]),
  );
}

describe('IAM and bucket policy documents', () => {
  it('match the reviewed snapshot', () => {
    expect(documents(settings())).toMatchSnapshot();
  });

  it('add scoped KMS permissions only when a key is given', () => {
    const key = 'arn:aws:kms:eu-west-1:111122223333:key/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b';
    expect(documents(settings({ kmsKeyArn: key }))['splunk-logs-firehose']).toMatchSnapshot();
  });

  it('never grant a wildcard resource or action', () => {
    const all = JSON.stringify(documents(settings({ logGroups: ['/aws/lambda/app'] })));
    // Trust policies name a principal instead of a resource; every permission must be scoped.
    const statements = Object.values(documents(settings())).flatMap((d) => (d!.permissions ? d!.permissions.Statement : []));
    expect(statements.length).toBeGreaterThan(5);
    for (const statement of statements) {
      if (statement.Effect !== 'Allow') continue;
      expect(statement.Resource).toBeDefined();
      expect([statement.Resource].flat()).not.toContain('*');
      expect([statement.Action].flat().some((a) => a.endsWith(':*') || a === '*')).toBe(false);
    }
    expect(all).not.toContain('"Resource":"*"');
  });

  it('guard every service trust against the confused deputy except Lambda, which sends no source context', () => {
    const roles = desiredState(settings()).resources.filter((r) => r.type === 'iam-role');
    const trust = Object.fromEntries(roles.map((r) => [r.name, r.documents!.trust!.Statement[0]!]));
    expect(trust['splunk-logs-firehose']!.Condition).toEqual({ StringEquals: { 'sts:ExternalId': '111122223333' } });
    expect(trust['splunk-logs-cwlogs-to-firehose']!.Condition).toEqual({ StringLike: { 'aws:SourceArn': 'arn:aws:logs:eu-west-1:111122223333:*' } });
    expect(trust['splunk-logs-vpc-flow-logs']!.Condition).toEqual({
      StringEquals: { 'aws:SourceAccount': '111122223333' },
      ArnLike: { 'aws:SourceArn': 'arn:aws:ec2:eu-west-1:111122223333:vpc-flow-log/*' },
    });
    expect(trust['splunk-logs-transform-lambda']!.Condition).toBeUndefined();
  });
});

describe('desired state', () => {
  it('creates the bucket without a LocationConstraint only in us-east-1', () => {
    const bucket = (region: string) => desiredState(settings({ region })).resources.find((r) => r.type === 's3-bucket')!.settings;
    expect(bucket('us-east-1').createBucketConfiguration).toBeNull();
    expect(bucket('eu-west-1').createBucketConfiguration).toEqual({ LocationConstraint: 'eu-west-1' });
  });

  it('subscribes the flow log group and every named log group to the stream', () => {
    const filters = desiredState(settings({ logGroups: ['/aws/lambda/orders', '/app/web'] })).resources.filter((r) => r.type === 'subscription-filter');
    expect(filters.map((f) => f.settings.logGroupName)).toEqual(['/splunk-logs/vpc-flow-logs', '/aws/lambda/orders', '/app/web']);
    expect(new Set(filters.map((f) => f.settings.destinationArn))).toEqual(new Set(['arn:aws:firehose:eu-west-1:111122223333:deliverystream/splunk-logs-to-splunk']));
  });

  it('never carries the HEC token, only where it comes from', () => {
    const stream = desiredState(settings()).resources.find((r) => r.type === 'firehose-delivery-stream')!;
    expect(stream.settings.splunk).toMatchObject({ HECToken: '<redacted: read from the token source at apply time>', hecTokenSource: { kind: 'env', variable: 'SPLUNK_HEC_TOKEN' } });
  });

  it('uses the aws-cn partition in China regions', () => {
    expect(desiredState(settings({ region: 'cn-north-1' })).names.deliveryStreamArn).toBe('arn:aws-cn:firehose:cn-north-1:111122223333:deliverystream/splunk-logs-to-splunk');
  });

  it('stay under IAM\'s size limits with 300 log groups, and do not grow with them', () => {
    const groups = Array.from({ length: 300 }, (_, i) => `/aws/lambda/service-${String(i).padStart(3, '0')}-with-a-long-name`);
    const many = documents(settings({ logGroups: groups, vpcIds: Array.from({ length: 20 }, (_, i) => `vpc-${String(i).padStart(8, '0')}`) }));
    const one = documents(settings({ logGroups: [groups[0]!] }));
    for (const [name, docs] of Object.entries(many)) {
      expect(oversizedPolicies(docs as Record<string, never>)).toEqual([]);
      expect(JSON.stringify(docs)).toBe(JSON.stringify(one[name]));
    }
    expect(POLICY_SIZE_LIMITS.permissions).toBe(10_240);
    // The check itself fails on a document past its limit.
    const big = { Version: '2012-10-17' as const, Statement: Array.from({ length: 200 }, (_, i) => ({ Sid: `S${i}`, Effect: 'Allow' as const, Action: 'logs:PutLogEvents', Resource: `arn:aws:logs:eu-west-1:111122223333:log-group:/g/${i}:*` })) };
    expect(oversizedPolicies({ permissions: big })[0]).toMatch(/^permissions: \d+ characters, limit 10240$/);
  });
});
