import {
  DeleteAlarmsCommand,
  DeleteDashboardsCommand,
  DescribeAlarmsCommand,
  GetDashboardCommand,
  ListTagsForResourceCommand as ListAlarmTagsCommand,
  PutDashboardCommand,
  PutMetricAlarmCommand,
  type MetricAlarm,
  type PutMetricAlarmInput,
} from '@aws-sdk/client-cloudwatch';
import {
  CreateTopicCommand,
  DeleteTopicCommand,
  GetTopicAttributesCommand,
  ListSubscriptionsByTopicCommand,
  ListTagsForResourceCommand as ListTopicTagsCommand,
  SubscribeCommand,
  UnsubscribeCommand,
  type Subscription,
} from '@aws-sdk/client-sns';
import { dashboardMarker } from '../alarms.js';
import type { DesiredResource } from '../desired-state.js';
import { call, callOrAbsent, isOurs, managedTags, sameJson, settle, tagRecord, type Change, type EngineContext, type StepResult } from './context.js';

const tagList = (tags: Record<string, string>) => Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));

// ---- The SNS topic the alarms notify ----

async function topicExists(ctx: EngineContext, TopicArn: string): Promise<boolean> {
  return (await callOrAbsent('sns:GetTopicAttributes', TopicArn, () => ctx.clients.sns.send(new GetTopicAttributesCommand({ TopicArn })))) !== undefined;
}

async function topicTags(ctx: EngineContext, ResourceArn: string): Promise<Record<string, string>> {
  return tagRecord((await call('sns:ListTagsForResource', ResourceArn, () => ctx.clients.sns.send(new ListTopicTagsCommand({ ResourceArn })))).Tags);
}

async function subscriptions(ctx: EngineContext, TopicArn: string): Promise<Subscription[]> {
  const all: Subscription[] = [];
  let NextToken: string | undefined;
  do {
    const page = await call('sns:ListSubscriptionsByTopic', TopicArn, () => ctx.clients.sns.send(new ListSubscriptionsByTopicCommand({ TopicArn, NextToken })));
    all.push(...(page.Subscriptions ?? []));
    NextToken = page.NextToken;
  } while (NextToken);
  return all;
}

/**
 * The topic `<name>-alarms` with one email subscription per --alarm-email. SNS sends each new
 * address a confirmation mail; until it is confirmed the subscription is pending (and AWS
 * deletes it after three days), which the result says.
 * @see https://docs.aws.amazon.com/sns/latest/dg/sns-email-notifications.html
 */
export async function reconcileAlarmTopic(ctx: EngineContext, desired: DesiredResource): Promise<StepResult> {
  const { sns } = ctx.clients;
  const TopicArn = desired.arn as string;
  const result: StepResult = { type: 'sns-topic', name: desired.name, action: 'no change', details: [] };
  const exists = await topicExists(ctx, TopicArn);
  if (exists && !isOurs(await topicTags(ctx, TopicArn), ctx.settings)) {
    return { ...result, action: 'conflict', details: ['the topic exists but this tool did not create it: choose another --name, or give it with --alarm-topic-arn'] };
  }
  const changes: Change[] = [];
  if (!exists) {
    result.action = 'create';
    changes.push(['create the topic', () => call('sns:CreateTopic', desired.name, () => sns.send(new CreateTopicCommand({ Name: desired.name, Tags: tagList(managedTags(ctx.settings)) })))]);
  }
  const wanted = desired.settings.emailSubscriptions as string[];
  const current = exists ? (await subscriptions(ctx, TopicArn)).filter((s) => s.Protocol === 'email') : [];
  for (const email of wanted) {
    if (current.some((s) => s.Endpoint === email)) continue;
    changes.push([
      `subscribe ${email} (SNS mails a confirmation link)`,
      () => call('sns:Subscribe', TopicArn, () => sns.send(new SubscribeCommand({ TopicArn, Protocol: 'email', Endpoint: email, ReturnSubscriptionArn: true }))),
    ]);
  }
  for (const s of current) {
    if (wanted.includes(s.Endpoint ?? '')) {
      if (s.SubscriptionArn === 'PendingConfirmation') result.details.push(`${s.Endpoint} has not confirmed its subscription yet`);
      continue;
    }
    // A pending subscription has no ARN to unsubscribe; SNS deletes it after three days.
    if (s.SubscriptionArn === 'PendingConfirmation') {
      result.details.push(`${s.Endpoint} is pending and no longer wanted: SNS removes it after three days`);
      continue;
    }
    changes.push([`unsubscribe ${s.Endpoint}`, () => call('sns:Unsubscribe', s.SubscriptionArn as string, () => sns.send(new UnsubscribeCommand({ SubscriptionArn: s.SubscriptionArn })))]);
  }
  const notes = [...result.details];
  const settled = await settle(ctx, result, changes);
  settled.details.push(...notes);
  return settled;
}

/** Deletes the topic (with its subscriptions) if this tool created it. */
export async function destroyAlarmTopic(ctx: EngineContext, name: string, TopicArn: string): Promise<StepResult> {
  const result: StepResult = { type: 'sns-topic', name, action: 'absent', details: [] };
  if (!(await topicExists(ctx, TopicArn))) return result;
  if (!isOurs(await topicTags(ctx, TopicArn), ctx.settings)) return { ...result, action: 'keep', details: ['not created by this tool: left alone'] };
  if (ctx.write) await call('sns:DeleteTopic', TopicArn, () => ctx.clients.sns.send(new DeleteTopicCommand({ TopicArn })));
  return { ...result, action: 'delete' };
}

// ---- The alarms ----

/** Every metric alarm whose name starts with `<name>-`. */
async function alarmsNamed(ctx: EngineContext): Promise<MetricAlarm[]> {
  const all: MetricAlarm[] = [];
  let NextToken: string | undefined;
  const prefix = `${ctx.settings.name}-`;
  do {
    const page = await call('cloudwatch:DescribeAlarms', prefix, () => ctx.clients.cloudwatch.send(new DescribeAlarmsCommand({ AlarmNamePrefix: prefix, AlarmTypes: ['MetricAlarm'], NextToken })));
    all.push(...(page.MetricAlarms ?? []));
    NextToken = page.NextToken;
  } while (NextToken);
  return all;
}

async function alarmIsOurs(ctx: EngineContext, alarm: MetricAlarm): Promise<boolean> {
  const tags = await call('cloudwatch:ListTagsForResource', alarm.AlarmName ?? '', () => ctx.clients.cloudwatch.send(new ListAlarmTagsCommand({ ResourceARN: alarm.AlarmArn })));
  return isOurs(tagRecord(tags.Tags), ctx.settings);
}

/** What of an alarm apply sets, as DescribeAlarms gives it back and as PutMetricAlarm takes it. */
const COMPARED: Array<keyof PutMetricAlarmInput & keyof MetricAlarm> = [
  'AlarmDescription',
  'ActionsEnabled',
  'AlarmActions',
  'OKActions',
  'Namespace',
  'MetricName',
  'Dimensions',
  'Statistic',
  'Period',
  'EvaluationPeriods',
  'DatapointsToAlarm',
  'Threshold',
  'ComparisonOperator',
  'TreatMissingData',
  'Metrics',
];

function differences(have: MetricAlarm, want: PutMetricAlarmInput): string[] {
  // DescribeAlarms gives an unset list back as empty.
  const normal = (value: unknown) => (Array.isArray(value) && value.length === 0 ? undefined : value);
  return COMPARED.filter((key) => !sameJson(normal(have[key]), normal(want[key])));
}

/**
 * The alarms: created or updated with PutMetricAlarm (which does both) where they differ; an
 * alarm of this tool's name prefix that the settings no longer call for is deleted; one of the
 * same name without this tool's tags is a conflict.
 */
export async function reconcileAlarms(ctx: EngineContext, desired: DesiredResource[]): Promise<StepResult[]> {
  const { cloudwatch } = ctx.clients;
  const existing = new Map((await alarmsNamed(ctx)).map((a) => [a.AlarmName, a]));
  const results: StepResult[] = [];
  for (const resource of desired) {
    const { tags, ...input } = resource.settings as unknown as PutMetricAlarmInput & { tags: Record<string, string> };
    const result: StepResult = { type: 'cloudwatch-alarm', name: resource.name, action: 'no change', details: [] };
    const have = existing.get(resource.name);
    existing.delete(resource.name);
    if (have && !(await alarmIsOurs(ctx, have))) {
      results.push({ ...result, action: 'conflict', details: ['an alarm of this name exists but this tool did not create it: choose another --name'] });
      continue;
    }
    const changes: Change[] = [];
    if (!have) {
      result.action = 'create';
      changes.push(['create the alarm', () => call('cloudwatch:PutMetricAlarm', resource.name, () => cloudwatch.send(new PutMetricAlarmCommand({ ...input, Tags: tagList(tags) })))]);
    } else {
      const differing = differences(have, input);
      // PutMetricAlarm replaces the whole alarm; the tags it was created with stay.
      if (differing.length > 0) changes.push([`settings (${differing.join(', ')})`, () => call('cloudwatch:PutMetricAlarm', resource.name, () => cloudwatch.send(new PutMetricAlarmCommand(input)))]);
    }
    results.push(await settle(ctx, result, changes));
  }
  results.push(...(await deleteAlarms(ctx, [...existing.values()])));
  return results;
}

/** Deletes those of the given alarms this tool created. */
async function deleteAlarms(ctx: EngineContext, alarms: MetricAlarm[]): Promise<StepResult[]> {
  const results: StepResult[] = [];
  const ours: string[] = [];
  for (const alarm of alarms) {
    if (!(await alarmIsOurs(ctx, alarm))) continue;
    ours.push(alarm.AlarmName as string);
    results.push({ type: 'cloudwatch-alarm', name: alarm.AlarmName as string, action: 'delete', details: ['no longer called for'] });
  }
  // DeleteAlarms takes at most 100 names a call.
  if (ctx.write) for (let i = 0; i < ours.length; i += 100) await call('cloudwatch:DeleteAlarms', ours.slice(i, i + 100).join(', '), () => ctx.clients.cloudwatch.send(new DeleteAlarmsCommand({ AlarmNames: ours.slice(i, i + 100) })));
  return results;
}

/** Deletes every alarm this tool created under this --name. */
export async function destroyAlarms(ctx: EngineContext): Promise<StepResult[]> {
  const results = await deleteAlarms(ctx, await alarmsNamed(ctx));
  return results.map((r) => ({ ...r, details: [] }));
}

/** The states of this tool's alarms, for `status`. */
export async function alarmStates(ctx: EngineContext, names: string[]): Promise<MetricAlarm[]> {
  const wanted = new Set(names);
  return (await alarmsNamed(ctx)).filter((a) => wanted.has(a.AlarmName ?? ''));
}

// ---- The dashboard ----

/** The dashboard, rewritten where it differs; one of the same name without this tool's marker is a conflict. */
export async function reconcileDashboard(ctx: EngineContext, desired: DesiredResource): Promise<StepResult> {
  const DashboardName = desired.name;
  const result: StepResult = { type: 'cloudwatch-dashboard', name: DashboardName, action: 'no change', details: [] };
  const current = await callOrAbsent('cloudwatch:GetDashboard', DashboardName, () => ctx.clients.cloudwatch.send(new GetDashboardCommand({ DashboardName })));
  const body = desired.settings.body as Record<string, unknown>;
  const changes: Change[] = [];
  if (current === undefined) result.action = 'create';
  else {
    const have = JSON.parse(current.DashboardBody ?? '{}') as { widgets?: Array<{ properties?: { markdown?: string } }> };
    if (have.widgets?.[0]?.properties?.markdown !== dashboardMarker(ctx.settings)) {
      return { ...result, action: 'conflict', details: ['a dashboard of this name exists but this tool did not create it: choose another --name'] };
    }
    if (sameJson(have, body)) return result;
  }
  changes.push([
    current === undefined ? 'create the dashboard' : 'widgets',
    () => call('cloudwatch:PutDashboard', DashboardName, () => ctx.clients.cloudwatch.send(new PutDashboardCommand({ DashboardName, DashboardBody: JSON.stringify(body) }))),
  ]);
  return settle(ctx, result, changes);
}

/** Deletes the dashboard if this tool made it. */
export async function destroyDashboard(ctx: EngineContext, DashboardName: string): Promise<StepResult> {
  const result: StepResult = { type: 'cloudwatch-dashboard', name: DashboardName, action: 'absent', details: [] };
  const current = await callOrAbsent('cloudwatch:GetDashboard', DashboardName, () => ctx.clients.cloudwatch.send(new GetDashboardCommand({ DashboardName })));
  if (current === undefined) return result;
  const have = JSON.parse(current.DashboardBody ?? '{}') as { widgets?: Array<{ properties?: { markdown?: string } }> };
  if (have.widgets?.[0]?.properties?.markdown !== dashboardMarker(ctx.settings)) return { ...result, action: 'keep', details: ['not created by this tool: left alone'] };
  if (ctx.write) await call('cloudwatch:DeleteDashboards', DashboardName, () => ctx.clients.cloudwatch.send(new DeleteDashboardsCommand({ DashboardNames: [DashboardName] })));
  return { ...result, action: 'delete' };
}
