import { WrongAccountError } from '../errors.js';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { GetFunctionCommand } from '@aws-sdk/client-lambda';
import { DescribeSubscriptionFiltersCommand } from '@aws-sdk/client-cloudwatch-logs';
import { desiredState, type DesiredResource } from '../desired-state.js';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { alarmSpecs } from '../alarms.js';
import { alarmStates, destroyAlarms, destroyAlarmTopic, destroyDashboard, reconcileAlarms, reconcileAlarmTopic, reconcileDashboard } from './alarms.js';
import { reconcileBucket, destroyBucket } from './bucket.js';
import { call, callOrAbsent, type EngineContext, type StepResult } from './context.js';
import { describeStream, destroyDeliveryStream, reconcileDeliveryStream } from './delivery-stream.js';
import { destinationChecks, destroyDestination, reconcileDestination } from './destination.js';
import { deliversTo } from '../flow-log-destination.js';
import { subscriptionDelivery } from './subscription-delivery.js';
import { destroyFlowLogs, ourFlowLogs, reconcileFlowLogs, targetVpcs, wantedDestination } from './flow-logs.js';
import { destroyLambda, reconcileLambda } from './lambda-function.js';
import { destroyLogGroup, findLogGroup, reconcileLogGroup } from './log-groups.js';
import { destroyRole, reconcileRole } from './roles.js';
import { destroySubscription, reconcileSubscription } from './subscriptions.js';

function byType(resources: DesiredResource[], type: string): DesiredResource[] {
  return resources.filter((r) => r.type === type);
}

/** Checks that the credentials belong to the account the settings name. */
export async function checkAccount(ctx: EngineContext): Promise<void> {
  const identity = await call('sts:GetCallerIdentity', ctx.settings.region, () => ctx.clients.sts.send(new GetCallerIdentityCommand({})));
  if (identity.Account !== ctx.settings.accountId) {
    throw new WrongAccountError(identity.Account, ctx.settings.accountId);
  }
}

/**
 * Plan (ctx.write false) or apply (true): every resource in dependency order. A conflict
 * stops nothing already safe to do, but everything that depends on the conflicting resource
 * is skipped, and the run reports it.
 */
export async function reconcile(ctx: EngineContext): Promise<StepResult[]> {
  const { resources } = desiredState(ctx.settings);
  const results: StepResult[] = [];
  const note = (r: StepResult) => {
    results.push(r);
    if (ctx.write && r.action !== 'no change') ctx.progress(`${r.action} ${r.type} ${r.name}${r.details.length ? `: ${r.details.join('; ')}` : ''}`);
    return r;
  };
  await checkAccount(ctx);
  if (ctx.settings.topology.kind === 'sender') return reconcileSender(ctx, resources, results, note);
  const bucket = note(await reconcileBucket(ctx));
  const roles = [];
  for (const role of byType(resources, 'iam-role')) roles.push(note(await reconcileRole(ctx, role)));
  for (const group of byType(resources, 'log-group')) note(await reconcileLogGroup(ctx, group));
  const blocked = [bucket, ...roles, ...results.filter((r) => r.type === 'log-group')].some((r) => r.action === 'conflict');
  if (blocked) {
    results.push({ type: 'note', name: 'skipped', action: 'conflict', details: ['the Lambda, stream, flow logs and filters depend on the conflicting resources above'] });
    return results;
  }
  const lambda = note(await reconcileLambda(ctx, byType(resources, 'lambda-function')[0]!));
  const [stream, ...impossible] = await reconcileDeliveryStream(ctx, byType(resources, 'firehose-delivery-stream')[0]!);
  note(stream!);
  // A change Firehose cannot make in place is reported; the rest of the wiring still goes on.
  for (const r of impossible) note(r);
  if (lambda.action === 'conflict' || stream!.action === 'conflict') return results;
  // A central account's destination, in front of the ACTIVE stream; one no longer called for goes.
  const destination = byType(resources, 'cloudwatch-logs-destination')[0];
  if (destination) note(await reconcileDestination(ctx, destination));
  else {
    const gone = await destroyDestination(ctx);
    if (gone.action === 'delete') note({ ...gone, details: ['no longer called for: no --sender-account-id or --organization-id'] });
  }
  for (const r of await reconcileFlowLogs(ctx)) note(r);
  for (const filter of byType(resources, 'subscription-filter')) note(await reconcileSubscription(ctx, filter));
  // Alarms and the dashboard last: they watch what is above. With --no-alarms, ours are deleted.
  const topic = byType(resources, 'sns-topic')[0];
  if (topic) note(await reconcileAlarmTopic(ctx, topic));
  else if (!ctx.settings.alarms.enabled || ctx.settings.alarms.topicArn !== undefined) {
    const gone = await destroyAlarmTopic(ctx, ctx.names.alarmTopic, ctx.names.alarmTopicArn);
    if (gone.action === 'delete') note({ ...gone, details: ['no longer called for'] });
  }
  for (const r of await reconcileAlarms(ctx, byType(resources, 'cloudwatch-alarm'))) note(r);
  note(await reconcileDashboard(ctx, byType(resources, 'cloudwatch-dashboard')[0]!));
  return results;
}

/**
 * A sender account: its roles, the flow log group, the flow logs and the filters to the
 * central account's destination. The destination must already grant this account (apply the
 * central account first: a config file does).
 */
async function reconcileSender(ctx: EngineContext, resources: DesiredResource[], results: StepResult[], note: (r: StepResult) => StepResult): Promise<StepResult[]> {
  for (const role of byType(resources, 'iam-role')) note(await reconcileRole(ctx, role));
  for (const group of byType(resources, 'log-group')) note(await reconcileLogGroup(ctx, group));
  if (results.some((r) => r.action === 'conflict')) {
    results.push({ type: 'note', name: 'skipped', action: 'conflict', details: ['the flow logs and filters depend on the conflicting resources above'] });
    return results;
  }
  for (const r of await reconcileFlowLogs(ctx)) note(r);
  for (const filter of byType(resources, 'subscription-filter')) note(await reconcileSubscription(ctx, filter));
  return results;
}

/** Removes what this tool created, found by its tags, in reverse dependency order; the bucket stays unless asked. */
export async function destroy(ctx: EngineContext, deleteBucket: boolean): Promise<StepResult[]> {
  const { resources } = desiredState(ctx.settings);
  await checkAccount(ctx);
  const results: StepResult[] = [];
  const note = (r: StepResult) => {
    results.push(r);
    if (ctx.write && r.action === 'delete') ctx.progress(`deleted ${r.type} ${r.name}`);
  };
  const sender = ctx.settings.topology.kind === 'sender';
  if (!sender) {
    note(await destroyDashboard(ctx, ctx.names.dashboard));
    for (const r of await destroyAlarms(ctx)) note(r);
    note(await destroyAlarmTopic(ctx, ctx.names.alarmTopic, ctx.names.alarmTopicArn));
  }
  for (const filter of byType(resources, 'subscription-filter')) note(await destroySubscription(ctx, filter));
  for (const r of await destroyFlowLogs(ctx)) note(r);
  if (!sender) {
    note(await destroyDestination(ctx));
    note(await destroyDeliveryStream(ctx, byType(resources, 'firehose-delivery-stream')[0]!));
    note(await destroyLambda(ctx, byType(resources, 'lambda-function')[0]!));
  }
  for (const group of byType(resources, 'log-group')) note(await destroyLogGroup(ctx, group));
  for (const role of byType(resources, 'iam-role')) note(await destroyRole(ctx, role));
  // What the other --flow-logs-to left, if it ran before: shown only when it is there.
  for (const leftover of otherRouteResources(ctx, resources)) {
    const r = leftover.type === 'log-group' ? await destroyLogGroup(ctx, leftover) : await destroyRole(ctx, leftover);
    if (r.action !== 'absent') note(r);
  }
  if (!sender) note(await destroyBucket(ctx, deleteBucket));
  return results;
}

/** The flow log group and roles of the route not chosen now, which an earlier apply may have made. */
function otherRouteResources(ctx: EngineContext, desired: DesiredResource[]): DesiredResource[] {
  const { names } = ctx;
  const wanted = new Set(desired.map((r) => `${r.type}:${r.name}`));
  const candidates: DesiredResource[] = [
    { type: 'log-group', name: names.flowLogGroup, settings: {} },
    ...[names.flowLogsRole, names.flowLogsSourceRole, names.flowLogsCrossAccountRole].map((name) => ({ type: 'iam-role', name, settings: { inlinePolicyName: `${name}-permissions` } })),
  ];
  return candidates.filter((r) => !wanted.has(`${r.type}:${r.name}`));
}

/** One health check of the wiring. */
export interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

/** Is the wiring alive: stream ACTIVE, Lambda active, filters in place, flow logs delivering, no recent delivery errors. */
export async function status(ctx: EngineContext, sinceMs = 60 * 60 * 1000): Promise<Check[]> {
  const { names, settings } = ctx;
  await checkAccount(ctx);
  const { resources } = desiredState(settings);
  const filters = byType(resources, 'subscription-filter');
  if (settings.topology.kind === 'sender') return sourceChecks(ctx, filters, `destination ${names.destinationArn}`, sinceMs);
  const checks: Check[] = [];
  const stream = await describeStream(ctx, names.deliveryStream);
  checks.push({ name: `delivery stream ${names.deliveryStream}`, ok: stream?.DeliveryStreamStatus === 'ACTIVE', detail: stream ? String(stream.DeliveryStreamStatus) : 'missing' });
  let lambdaState = 'missing';
  try {
    const c = (await ctx.clients.lambda.send(new GetFunctionCommand({ FunctionName: names.lambdaFunction }))).Configuration;
    lambdaState = `${c?.State ?? '?'}, last update ${c?.LastUpdateStatus ?? '?'}`;
  } catch {
    // missing
  }
  checks.push({ name: `Lambda ${names.lambdaFunction}`, ok: lambdaState.startsWith('Active'), detail: lambdaState });
  const destination = byType(resources, 'cloudwatch-logs-destination')[0];
  if (destination) checks.push(...(await destinationChecks(ctx, destination)));
  checks.push(...(await sourceChecks(ctx, filters, 'the stream', sinceMs)));
  if (await findLogGroup(ctx, names.firehoseErrorLogGroup)) {
    const events = await call('logs:FilterLogEvents', names.firehoseErrorLogGroup, () =>
      ctx.clients.logs.send(new FilterLogEventsCommand({ logGroupName: names.firehoseErrorLogGroup, startTime: Date.now() - sinceMs, limit: 50 })),
    );
    const errors = events.events ?? [];
    const last = errors[errors.length - 1]?.message ?? '';
    checks.push({
      name: 'recent delivery errors',
      ok: errors.length === 0,
      detail: errors.length === 0 ? `none in the last ${Math.round(sinceMs / 60000)} min` : `${errors.length} in the last ${Math.round(sinceMs / 60000)} min, latest: ${last.slice(0, 300)}`,
    });
  }
  if (settings.alarms.enabled) {
    const wanted = alarmSpecs(settings, names).map((a) => a.input.AlarmName as string);
    const states = new Map((await alarmStates(ctx, wanted)).map((a) => [a.AlarmName, a]));
    for (const name of wanted) {
      const alarm = states.get(name);
      checks.push({
        name: `alarm ${name}`,
        ok: alarm !== undefined && alarm.StateValue !== 'ALARM',
        detail: alarm === undefined ? 'missing: run apply' : `${alarm.StateValue}${alarm.StateValue === 'ALARM' ? `: ${alarm.StateReason ?? ''}` : ''}`,
      });
    }
  }
  const prefix = (stream?.Destinations?.[0]?.SplunkDestinationDescription?.S3DestinationDescription?.ErrorOutputPrefix || DEFAULT_FAILED_PREFIX);
  checks.push({ name: `backed-up failures in s3://${names.bucket}/${prefix}`, ok: true, detail: await newestObject(ctx, prefix) });
  return checks;
}

/**
 * Each planned subscription filter: there, to where the plan says, carrying the role the plan
 * gives it where that is an organisation grant's (a sender's filters to the central account);
 * its events arriving (CloudWatch Logs' delivery metrics); and each VPC's flow log delivering.
 * A sender's destination is the one it may reach: CloudWatch Logs checked the destination's
 * policy when the filter was put.
 */
async function sourceChecks(ctx: EngineContext, planned: DesiredResource[], what: string, sinceMs: number): Promise<Check[]> {
  const { names, settings } = ctx;
  const organisationRole = settings.topology.kind === 'sender' && settings.topology.organizationId !== undefined ? names.roleArn(names.senderSubscriptionRole) : undefined;
  const checks: Check[] = [];
  for (const filter of planned) {
    const { logGroupName: group, destinationArn } = filter.settings as { logGroupName: string; destinationArn: string };
    const exists = await findLogGroup(ctx, group);
    const filters = exists
      ? ((await call('logs:DescribeSubscriptionFilters', group, () => ctx.clients.logs.send(new DescribeSubscriptionFiltersCommand({ logGroupName: group })))).subscriptionFilters ?? [])
      : [];
    const ours = filters.find((f) => f.destinationArn === destinationArn);
    if (!ours) {
      checks.push({ name: `subscription ${group}`, ok: false, detail: !exists ? 'log group missing' : `no filter to ${what}` });
      continue;
    }
    // The filter exists; whether its events arrive is in CloudWatch Logs' own delivery metrics.
    const delivery = await subscriptionDelivery(ctx, group, ours.filterName ?? '', sinceMs);
    const minutes = Math.round(sinceMs / 60_000);
    checks.push({
      name: `subscription ${group}`,
      ok: delivery.errors === 0,
      detail:
        delivery.errors > 0
          ? `filter ${ours.filterName} to ${what}: ${delivery.errors} events failed to reach it in the last ${minutes} min (DeliveryErrors), ${delivery.forwarded} forwarded: the destination may be gone or no longer accept this account`
          : `filter ${ours.filterName} to ${what}: ${delivery.forwarded} events forwarded in the last ${minutes} min`,
    });
    if (organisationRole !== undefined && ours.roleArn !== organisationRole) {
      checks.push({ name: `organisation role on ${group}`, ok: false, detail: `the filter carries ${ours.roleArn ?? 'no role'}, not ${organisationRole}: run apply (the organisation grant needs it)` });
    }
  }
  const vpcs = await targetVpcs(ctx);
  const flowLogs = await ourFlowLogs(ctx, vpcs);
  const wanted = wantedDestination(ctx);
  for (const vpc of vpcs) {
    const f = flowLogs.find((x) => x.ResourceId === vpc && deliversTo(x, wanted));
    const ok = f?.FlowLogStatus === 'ACTIVE' && (f.DeliverLogsStatus ?? 'SUCCESS') === 'SUCCESS';
    checks.push({ name: `flow log ${vpc}`, ok, detail: f ? `${f.FlowLogStatus}, delivery ${f.DeliverLogsStatus ?? '?'}${f.DeliverLogsErrorMessage ? `: ${f.DeliverLogsErrorMessage}` : ''}` : 'missing' });
  }
  return checks;
}

/** Where Firehose puts records it could not deliver when the stream names no ErrorOutputPrefix. */
export const DEFAULT_FAILED_PREFIX = 'splunk-failed/';
/** Pages of 1,000 keys `status` reads at most to find the newest backed-up failure. */
const MAX_LISTED_PAGES = 20;

/** The age and key of the newest object under a prefix of the backup bucket, as a status line. */
async function newestObject(ctx: EngineContext, Prefix: string): Promise<string> {
  const Bucket = ctx.names.bucket;
  let newest: { key: string; at: Date } | undefined;
  let ContinuationToken: string | undefined;
  let pages = 0;
  do {
    const page = await callOrAbsent('s3:ListObjectsV2', Bucket, () => ctx.clients.s3.send(new ListObjectsV2Command({ Bucket, Prefix, ContinuationToken })));
    if (page === undefined) return 'the backup bucket is missing';
    for (const o of page.Contents ?? []) if (o.LastModified && (!newest || o.LastModified > newest.at)) newest = { key: o.Key ?? '', at: o.LastModified };
    ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
    pages++;
  } while (ContinuationToken && pages < MAX_LISTED_PAGES);
  if (!newest) return 'none';
  const minutes = Math.max(0, Math.round((Date.now() - newest.at.getTime()) / 60_000));
  const age = minutes < 120 ? `${minutes} min` : minutes < 2880 ? `${Math.round(minutes / 60)} h` : `${Math.round(minutes / 1440)} days`;
  return `newest ${age} ago (${newest.key})${ContinuationToken ? `, among the first ${MAX_LISTED_PAGES * 1000} objects` : ''}: records that did not reach Splunk`;
}
