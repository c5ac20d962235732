import {
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DeleteLogGroupCommand,
  DescribeLogGroupsCommand,
  DescribeLogStreamsCommand,
  ListTagsForResourceCommand,
  PutRetentionPolicyCommand,
  type LogGroup,
} from '@aws-sdk/client-cloudwatch-logs';
import type { DesiredResource } from '../desired-state.js';
import { call, isOurs, managedTags, settle, type Change, type EngineContext, type StepResult } from './context.js';

/** The log group with exactly this name, if it exists. */
export async function findLogGroup(ctx: EngineContext, name: string): Promise<LogGroup | undefined> {
  const response = await call('logs:DescribeLogGroups', name, () => ctx.clients.logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: name })));
  return response.logGroups?.find((g) => g.logGroupName === name);
}

async function groupTags(ctx: EngineContext, name: string): Promise<Record<string, string>> {
  const response = await call('logs:ListTagsForResource', name, () => ctx.clients.logs.send(new ListTagsForResourceCommand({ resourceArn: ctx.names.logGroupArn(name) })));
  return response.tags ?? {};
}

/** A log group this tool owns: created with tags, retention set, its log streams present. */
export async function reconcileLogGroup(ctx: EngineContext, desired: DesiredResource): Promise<StepResult> {
  const { logs } = ctx.clients;
  const logGroupName = desired.name;
  const retentionInDays = Number(desired.settings.retentionInDays);
  const streams = (desired.settings.logStreams as string[] | undefined) ?? [];
  const result: StepResult = { type: 'log-group', name: logGroupName, action: 'no change', details: [] };
  const group = await findLogGroup(ctx, logGroupName);
  const changes: Change[] = [];
  if (!group) {
    result.action = 'create';
    changes.push(['create the log group', () => call('logs:CreateLogGroup', logGroupName, () => logs.send(new CreateLogGroupCommand({ logGroupName, tags: managedTags(ctx.settings) })))]);
  } else {
    // Lambda creates its own log group on first run; one without our tags is adopted only if it is the function's.
    const tags = await groupTags(ctx, logGroupName);
    if (!isOurs(tags, ctx.settings) && logGroupName !== ctx.names.lambdaLogGroup) {
      return { ...result, action: 'conflict', details: ['the log group exists but this tool did not create it: choose another --name'] };
    }
  }
  if (group?.retentionInDays !== retentionInDays) {
    changes.push([`retention ${retentionInDays} days`, () => call('logs:PutRetentionPolicy', logGroupName, () => logs.send(new PutRetentionPolicyCommand({ logGroupName, retentionInDays })))]);
  }
  for (const logStreamName of streams) {
    const existing = group
      ? (await call('logs:DescribeLogStreams', logGroupName, () => logs.send(new DescribeLogStreamsCommand({ logGroupName, logStreamNamePrefix: logStreamName })))).logStreams ?? []
      : [];
    if (!existing.some((s) => s.logStreamName === logStreamName)) {
      changes.push([`log stream ${logStreamName}`, () => call('logs:CreateLogStream', logGroupName, () => logs.send(new CreateLogStreamCommand({ logGroupName, logStreamName })))]);
    }
  }
  return settle(ctx, result, changes);
}

/** Deletes a log group this tool created. */
export async function destroyLogGroup(ctx: EngineContext, desired: DesiredResource): Promise<StepResult> {
  const logGroupName = desired.name;
  const result: StepResult = { type: 'log-group', name: logGroupName, action: 'absent', details: [] };
  if (!(await findLogGroup(ctx, logGroupName))) return result;
  if (!isOurs(await groupTags(ctx, logGroupName), ctx.settings) && logGroupName !== ctx.names.lambdaLogGroup) {
    return { ...result, action: 'keep', details: ['not created by this tool: left alone'] };
  }
  if (ctx.write) await call('logs:DeleteLogGroup', logGroupName, () => ctx.clients.logs.send(new DeleteLogGroupCommand({ logGroupName })));
  return { ...result, action: 'delete' };
}
