import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { alarmSpecs, freshnessThresholdSeconds } from '../src/alarms.js';
import type { StepResult } from '../src/engine/context.js';
import { destroy, reconcile, status } from '../src/engine/run.js';
import { resourceNames } from '../src/names.js';
import { validateSettings } from '../src/settings.js';
import { FakeAws } from './aws-fake.js';
import { testContext, testSettings } from './engine-helpers.js';

let aws: FakeAws;
beforeEach(() => {
  aws = new FakeAws();
  aws.install();
  aws.logGroups.set('/app/orders', { tags: {}, streams: new Set(), filters: new Map(), events: [] });
});
afterEach(() => aws.uninstall());

const changed = (results: StepResult[]) => results.filter((r) => r.action !== 'no change');
const TOPIC = 'arn:aws:sns:eu-west-1:111122223333:splunk-logs-alarms';
const ALARMS = [
  'delivery-freshness',
  'delivery-success',
  'processing-success',
  'throttled-records',
  'incoming-bytes-quota',
  'incoming-records-quota',
  'incoming-put-requests-quota',
  'no-incoming-records',
  'lambda-errors',
  'lambda-throttles',
  'lambda-duration',
].map((id) => `splunk-logs-${id}`);

describe('alarms, their topic and the dashboard', () => {
  it('are created with the exact PutMetricAlarm inputs, notify the topic, and a second apply changes nothing', async () => {
    const settings = testSettings({ alarmEmails: ['ops@example.com', 'oncall@example.com'] });
    await reconcile(testContext(settings, true));
    expect([...aws.alarms.keys()].sort()).toEqual([...ALARMS].sort());
    expect(aws.topics.get(TOPIC)?.subscriptions.map((s) => [s.endpoint, s.arn])).toEqual([
      ['oncall@example.com', 'PendingConfirmation'],
      ['ops@example.com', 'PendingConfirmation'],
    ]);
    const freshness = aws.alarms.get('splunk-logs-delivery-freshness')!;
    expect(freshness.input).toEqual({
      AlarmName: 'splunk-logs-delivery-freshness',
      AlarmDescription: 'firehose-splunk splunk-logs: records older than 450 s are waiting for Splunk',
      AlarmActions: [TOPIC],
      OKActions: [TOPIC],
      ActionsEnabled: true,
      EvaluationPeriods: 1,
      DatapointsToAlarm: 1,
      Namespace: 'AWS/Firehose',
      MetricName: 'DeliveryToSplunk.DataFreshness',
      Dimensions: [{ Name: 'DeliveryStreamName', Value: 'splunk-logs-to-splunk' }],
      Statistic: 'Maximum',
      Period: 300,
      Threshold: 450,
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'notBreaching',
    });
    expect(freshness.tags).toMatchObject({ 'managed-by': 'firehose-splunk', 'firehose-splunk:name': 'splunk-logs' });
    const bytes = aws.alarms.get('splunk-logs-incoming-bytes-quota')!.input;
    expect(bytes.Metrics).toEqual([
      { Id: 'incoming', MetricStat: { Metric: { Namespace: 'AWS/Firehose', MetricName: 'IncomingBytes', Dimensions: [{ Name: 'DeliveryStreamName', Value: 'splunk-logs-to-splunk' }] }, Period: 300, Stat: 'Sum' }, ReturnData: false },
      { Id: 'limit', MetricStat: { Metric: { Namespace: 'AWS/Firehose', MetricName: 'BytesPerSecondLimit', Dimensions: [{ Name: 'DeliveryStreamName', Value: 'splunk-logs-to-splunk' }] }, Period: 300, Stat: 'Maximum' }, ReturnData: false },
      { Id: 'percent', Expression: '100 * (incoming / 300) / limit', Label: 'bytes per second, % of the quota', ReturnData: true },
    ]);
    expect(bytes).toMatchObject({ Threshold: 80, ComparisonOperator: 'GreaterThanOrEqualToThreshold' });
    expect(bytes.MetricName).toBeUndefined();
    expect(aws.alarms.get('splunk-logs-no-incoming-records')!.input).toMatchObject({ EvaluationPeriods: 12, DatapointsToAlarm: 12, TreatMissingData: 'breaching', Threshold: 1, ComparisonOperator: 'LessThanThreshold' });
    expect(aws.alarms.get('splunk-logs-lambda-duration')!.input).toMatchObject({ Namespace: 'AWS/Lambda', Threshold: 48_000, Dimensions: [{ Name: 'FunctionName', Value: 'splunk-logs-transform' }] });
    const dashboard = JSON.parse(aws.dashboards.get('splunk-logs-logs-to-splunk')!) as { widgets: Array<{ type: string; properties: Record<string, unknown> }> };
    expect(dashboard.widgets[0]!.properties.markdown).toContain('Managed by firehose-splunk (name splunk-logs)');
    expect(dashboard.widgets[1]!.properties.alarms).toHaveLength(ALARMS.length);
    expect(JSON.stringify(dashboard)).toContain('"FirehoseSplunk","RecordsOk","service","splunk-logs"');

    const writes = aws.writes().length;
    const second = await reconcile(testContext(settings, true));
    expect(changed(second)).toEqual([]);
    expect(aws.writes().length).toBe(writes);
    expect(second.find((r) => r.type === 'sns-topic')!.details).toEqual(['oncall@example.com has not confirmed its subscription yet', 'ops@example.com has not confirmed its subscription yet']);
    aws.confirm(TOPIC, 'ops@example.com');
    aws.confirm(TOPIC, 'oncall@example.com');
    expect((await reconcile(testContext(settings, false))).find((r) => r.type === 'sns-topic')!.details).toEqual([]);
  });

  it('are diffed like every other resource: a threshold that follows a setting, an alarm switched off, an address removed', async () => {
    await reconcile(testContext(testSettings({ alarmEmails: ['ops@example.com', 'old@example.com'] }), true));
    aws.confirm(TOPIC, 'old@example.com');
    const next = testSettings({ alarmEmails: ['ops@example.com'], lambdaTimeoutSeconds: 120, silenceAlarm: false });
    const plan = changed(await reconcile(testContext(next, false)));
    const byName = (a: unknown[], b: unknown[]) => String(a[1]).localeCompare(String(b[1]));
    expect(plan.map((r) => [r.type, r.name, r.action, r.details]).sort(byName)).toEqual(
      [
        ['sns-topic', 'splunk-logs-alarms', 'update', ['unsubscribe old@example.com', 'ops@example.com has not confirmed its subscription yet']],
        ['cloudwatch-alarm', 'splunk-logs-lambda-duration', 'update', ['settings (AlarmDescription, Threshold)']],
        ['cloudwatch-alarm', 'splunk-logs-no-incoming-records', 'delete', ['no longer called for']],
        ['cloudwatch-dashboard', 'splunk-logs-logs-to-splunk', 'update', ['widgets']],
        ['lambda-function', 'splunk-logs-transform', 'update', ['configuration (Timeout)']],
      ].sort(byName),
    );
    await reconcile(testContext(next, true));
    expect(aws.alarms.get('splunk-logs-lambda-duration')!.input.Threshold).toBe(96_000);
    expect(aws.alarms.has('splunk-logs-no-incoming-records')).toBe(false);
    expect(aws.topics.get(TOPIC)!.subscriptions.map((s) => s.endpoint)).toEqual(['ops@example.com']);
    expect(changed(await reconcile(testContext(next, false)))).toEqual([]);

    // An existing topic instead: the alarms notify it, and the tool's own topic goes.
    const given = 'arn:aws:sns:eu-west-1:111122223333:central-oncall';
    await reconcile(testContext(testSettings({ alarmTopicArn: given }), true));
    expect(aws.topics.has(TOPIC)).toBe(false);
    expect(aws.alarms.get('splunk-logs-delivery-success')!.input.AlarmActions).toEqual([given]);

    // --no-alarms: every alarm of this tool goes; the dashboard stays, without the alarm widget.
    await reconcile(testContext(testSettings({ alarms: false }), true));
    expect(aws.alarms.size).toBe(0);
    expect(JSON.parse(aws.dashboards.get('splunk-logs-logs-to-splunk')!).widgets.some((w: { type: string }) => w.type === 'alarm')).toBe(false);
  });

  it('treat an alarm, a dashboard or a topic of the same name that this tool did not make as a conflict, and leave it alone', async () => {
    aws.alarms.set('splunk-logs-lambda-errors', { input: { AlarmName: 'splunk-logs-lambda-errors', Threshold: 5 }, tags: {}, state: 'OK', reason: '' });
    aws.dashboards.set('splunk-logs-logs-to-splunk', JSON.stringify({ widgets: [] }));
    aws.topics.set(TOPIC, { tags: {}, subscriptions: [] });
    const results = await reconcile(testContext(testSettings(), true));
    expect(results.filter((r) => r.action === 'conflict').map((r) => [r.type, r.name])).toEqual([
      ['sns-topic', 'splunk-logs-alarms'],
      ['cloudwatch-alarm', 'splunk-logs-lambda-errors'],
      ['cloudwatch-dashboard', 'splunk-logs-logs-to-splunk'],
    ]);
    expect(aws.alarms.get('splunk-logs-lambda-errors')!.input.Threshold).toBe(5);
    expect(aws.dashboards.get('splunk-logs-logs-to-splunk')).toBe(JSON.stringify({ widgets: [] }));
    // destroy leaves them too.
    await destroy(testContext(testSettings(), true), false);
    expect(aws.alarms.has('splunk-logs-lambda-errors')).toBe(true);
    expect(aws.topics.has(TOPIC)).toBe(true);
  });

  it('are removed by destroy with the rest', async () => {
    await reconcile(testContext(testSettings({ alarmEmails: ['ops@example.com'] }), true));
    const results = await destroy(testContext(testSettings(), true), false);
    expect(results.filter((r) => ['cloudwatch-alarm', 'sns-topic', 'cloudwatch-dashboard'].includes(r.type) && r.action === 'delete')).toHaveLength(ALARMS.length + 2);
    expect([aws.alarms.size, aws.topics.size, aws.dashboards.size]).toEqual([0, 0, 0]);
  });

  it('show in status: an alarm in ALARM fails it, and the newest backed-up failure is reported', async () => {
    const settings = testSettings();
    await reconcile(testContext(settings, true));
    const healthy = await status(testContext(settings, false));
    expect(healthy.filter((c) => c.name.startsWith('alarm ')).map((c) => [c.name, c.ok, c.detail])[0]).toEqual(['alarm splunk-logs-delivery-freshness', true, 'INSUFFICIENT_DATA']);
    expect(healthy.every((c) => c.ok)).toBe(true);
    expect(healthy.find((c) => c.name.startsWith('backed-up failures'))).toMatchObject({ name: 'backed-up failures in s3://splunk-logs-backup-111122223333-eu-west-1/splunk-errors/', detail: 'none' });

    const alarm = aws.alarms.get('splunk-logs-delivery-success')!;
    alarm.state = 'ALARM';
    alarm.reason = 'Threshold Crossed: 1 datapoint [0.4] was less than the threshold (1.0).';
    aws.buckets.get('splunk-logs-backup-111122223333-eu-west-1')!.files = new Map([
      ['splunk-errors/2026/12/01/09/splunk-logs-to-splunk-1-2026-12-01-09-00-00-a', new Date(Date.now() - 26 * 3600_000)],
      ['splunk-errors/2026/12/02/10/splunk-logs-to-splunk-1-2026-12-02-10-00-00-b', new Date(Date.now() - 3 * 3600_000)],
    ]);
    const checks = await status(testContext(settings, false));
    expect(checks.filter((c) => !c.ok).map((c) => [c.name, c.detail])).toEqual([['alarm splunk-logs-delivery-success', 'ALARM: Threshold Crossed: 1 datapoint [0.4] was less than the threshold (1.0).']]);
    expect(checks.find((c) => c.name.startsWith('backed-up failures'))!.detail).toMatch(/^newest 3 h ago \(splunk-errors\/2026\/12\/02\/10\/.*-b\)/);
  });
});

describe('alarm settings', () => {
  it.each([
    [{ alarmEmails: ['not-an-address'] }, '--alarm-email "not-an-address" is not an email address'],
    [{ alarmTopicArn: 'arn:aws:sqs:eu-west-1:111122223333:q' }, 'is not an SNS topic ARN'],
    [{ alarmTopicArn: 'arn:aws:sns:eu-west-1:111122223333:t', alarmEmails: ['a@b.co'] }, 'subscribe them to your topic yourself'],
    [{ alarms: false, alarmEmails: ['a@b.co'] }, '--no-alarms leaves no alarm to notify'],
    [{ silenceMinutes: 2 }, '--silence-minutes must be from 5 to 1440 minutes, not 2'],
    [{ silenceAlarm: false, silenceMinutes: 30 }, '--silence-minutes and --no-silence-alarm exclude each other'],
  ])('refuse %j before any AWS call', (raw, problem) => {
    const result = validateSettings({ accountId: '111122223333', region: 'eu-west-1', hecUrl: 'https://hec.example.com:443', ...raw });
    expect(result.ok).toBe(false);
    expect((result as { problems: string[] }).problems.join('\n')).toContain(problem);
  });

  it('derive the freshness threshold from the buffer, acknowledgement and retry settings', () => {
    const s = testSettings({ processorBufferIntervalSeconds: 120, hecAckTimeoutSeconds: 600, retryDurationSeconds: 3600 });
    expect(freshnessThresholdSeconds(s)).toBe(120 + 60 + 600 + 1800);
  });

  it('are documented one row per alarm in the README, with the same metric and threshold', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const s = testSettings();
    for (const spec of alarmSpecs(s, resourceNames(s))) {
      const row = readme.split('\n').find((line) => line.startsWith(`| \`<name>-${spec.id}\` |`));
      expect(row).toBeDefined();
      expect(row).toContain(spec.doc.metric);
      expect(row).toContain(spec.doc.see);
    }
  });
});
