import { DeleteSubscriptionFilterCommand, DescribeSubscriptionFiltersCommand, PutSubscriptionFilterCommand } from '@aws-sdk/client-cloudwatch-logs';
import { retryPropagation } from '../aws/retry.js';
import type { DesiredResource } from '../desired-state.js';
import { call, fail, type EngineContext, type StepResult } from './context.js';
import { findLogGroup } from './log-groups.js';

/** CloudWatch Logs allows two subscription filters per log group. */
const MAX_FILTERS = 2;

async function filtersOf(ctx: EngineContext, logGroupName: string) {
  const response = await call('logs:DescribeSubscriptionFilters', logGroupName, () =>
    ctx.clients.logs.send(new DescribeSubscriptionFiltersCommand({ logGroupName })),
  );
  return response.subscriptionFilters ?? [];
}

/** A subscription filter from a log group to the stream; a group with two other filters is a conflict, left untouched. */
export async function reconcileSubscription(ctx: EngineContext, desired: DesiredResource): Promise<StepResult> {
  const s = desired.settings as { logGroupName: string; filterPattern: string; destinationArn: string; roleArn?: string };
  const filterName = desired.name;
  const result: StepResult = { type: 'subscription-filter', name: `${s.logGroupName} -> ${filterName}`, action: 'no change', details: [] };
  const isFlowGroup = s.logGroupName === ctx.names.flowLogGroup;
  if (!(await findLogGroup(ctx, s.logGroupName))) {
    // The flow log group is ours and is created earlier in the same apply.
    if (!isFlowGroup || ctx.write) {
      return { ...result, action: 'conflict', details: [`log group ${s.logGroupName} does not exist: create it or drop --log-group ${s.logGroupName}`] };
    }
    return { ...result, action: 'create', details: ['subscribe the flow log group to the stream'] };
  }
  const filters = await filtersOf(ctx, s.logGroupName);
  const ours = filters.find((f) => f.filterName === filterName);
  if (ours && ours.destinationArn === s.destinationArn && ours.roleArn === s.roleArn && (ours.filterPattern ?? '') === s.filterPattern) return result;
  if (!ours && filters.length >= MAX_FILTERS) {
    return {
      ...result,
      action: 'conflict',
      details: [`${s.logGroupName} already has ${filters.length} subscription filters (${filters.map((f) => f.filterName).join(', ')}): remove one, this tool will not overwrite them`],
    };
  }
  result.action = ours ? 'update' : 'create';
  const toDestination = s.destinationArn === ctx.names.destinationArn && ctx.settings.topology.kind === 'sender';
  result.details = [`all events to ${toDestination ? `destination ${s.destinationArn}` : ctx.names.deliveryStream}`];
  if (ctx.write) {
    await retryPropagation(
      () =>
        ctx.clients.logs.send(
          new PutSubscriptionFilterCommand({ logGroupName: s.logGroupName, filterName, filterPattern: s.filterPattern, destinationArn: s.destinationArn, roleArn: s.roleArn }),
        ),
      { ...ctx.retry, onRetry: () => ctx.progress(`CloudWatch Logs cannot use ${s.roleArn ?? s.destinationArn} yet (IAM propagation); retrying`) },
    ).catch((error) => fail('logs:PutSubscriptionFilter', s.logGroupName, error));
  }
  return result;
}

/** Removes our filter from a log group, if it is there. */
export async function destroySubscription(ctx: EngineContext, desired: DesiredResource): Promise<StepResult> {
  const s = desired.settings as { logGroupName: string };
  const filterName = desired.name;
  const result: StepResult = { type: 'subscription-filter', name: `${s.logGroupName} -> ${filterName}`, action: 'absent', details: [] };
  if (!(await findLogGroup(ctx, s.logGroupName))) return result;
  if (!(await filtersOf(ctx, s.logGroupName)).some((f) => f.filterName === filterName)) return result;
  if (ctx.write) {
    await call('logs:DeleteSubscriptionFilter', s.logGroupName, () => ctx.clients.logs.send(new DeleteSubscriptionFilterCommand({ logGroupName: s.logGroupName, filterName })));
  }
  return { ...result, action: 'delete' };
}
