import { StepError } from '../errors.js';
import { CreateFlowLogsCommand, DeleteFlowLogsCommand, DescribeFlowLogsCommand, DescribeVpcsCommand, type FlowLog } from '@aws-sdk/client-ec2';
import { deliversTo, describeFlowLogDestination, flowLogDestination, type FlowLogDestination } from '../flow-log-destination.js';
import { call, isOurs, managedTags, tagRecord, type EngineContext, type StepResult } from './context.js';

/** The VPCs to cover: the ones named, or every VPC of the region. */
export async function targetVpcs(ctx: EngineContext): Promise<string[]> {
  if (ctx.settings.vpcIds !== 'all') return ctx.settings.vpcIds;
  const response = await call('ec2:DescribeVpcs', ctx.settings.region, () => ctx.clients.ec2.send(new DescribeVpcsCommand({})));
  return (response.Vpcs ?? []).map((v) => v.VpcId ?? '').filter((id) => id.length > 0);
}

/** Where this account's flow logs should deliver. */
export function wantedDestination(ctx: EngineContext): FlowLogDestination {
  return flowLogDestination(ctx.settings, ctx.names);
}

/** Flow logs of these VPCs that deliver where the settings say, or that this tool created (its tags). */
export async function ourFlowLogs(ctx: EngineContext, vpcs: string[]): Promise<FlowLog[]> {
  if (vpcs.length === 0) return [];
  const response = await call('ec2:DescribeFlowLogs', vpcs.join(','), () =>
    ctx.clients.ec2.send(new DescribeFlowLogsCommand({ Filter: [{ Name: 'resource-id', Values: vpcs }] })),
  );
  const wanted = wantedDestination(ctx);
  return (response.FlowLogs ?? []).filter((f) => deliversTo(f, wanted) || f.LogGroupName === ctx.names.flowLogGroup || isOurs(tagRecord(f.Tags), ctx.settings));
}

/**
 * A flow log per VPC to where the settings say, created where missing. One of ours that
 * delivers elsewhere (the other --flow-logs-to, an old role) is deleted once its replacement
 * exists, so no window loses traffic records.
 */
export async function reconcileFlowLogs(ctx: EngineContext): Promise<StepResult[]> {
  const vpcs = await targetVpcs(ctx);
  const existing = await ourFlowLogs(ctx, vpcs);
  const wanted = wantedDestination(ctx);
  const results: StepResult[] = [];
  for (const vpc of vpcs) {
    const result: StepResult = { type: 'vpc-flow-log', name: vpc, action: 'no change', details: [] };
    const ofVpc = existing.filter((f) => f.ResourceId === vpc);
    const stale = ofVpc.filter((f) => !deliversTo(f, wanted) && isOurs(tagRecord(f.Tags), ctx.settings));
    if (!ofVpc.some((f) => deliversTo(f, wanted))) {
      result.action = 'create';
      result.details = [`all traffic of ${vpc} ${describeFlowLogDestination(wanted)}`];
      if (ctx.write) {
        const response = await call('ec2:CreateFlowLogs', vpc, () =>
          ctx.clients.ec2.send(
            new CreateFlowLogsCommand({
              ResourceIds: [vpc],
              ResourceType: 'VPC',
              TrafficType: 'ALL',
              ...wanted,
              MaxAggregationInterval: 60,
              TagSpecifications: [{ ResourceType: 'vpc-flow-log', Tags: Object.entries(managedTags(ctx.settings)).map(([Key, Value]) => ({ Key, Value })) }],
            }),
          ),
        );
        const problem = response.Unsuccessful?.[0]?.Error;
        if (problem) throw new StepError('ec2:CreateFlowLogs', vpc, { name: problem.Code, message: problem.Message });
      }
    }
    if (stale.length > 0) {
      if (result.action === 'no change') result.action = 'update';
      result.details.push(`delete ${stale.map((f) => f.FlowLogId).join(', ')}, which ${stale.length === 1 ? 'delivers' : 'deliver'} elsewhere`);
      if (ctx.write) {
        await call('ec2:DeleteFlowLogs', vpc, () => ctx.clients.ec2.send(new DeleteFlowLogsCommand({ FlowLogIds: stale.map((f) => f.FlowLogId ?? '') })));
      }
    }
    results.push(result);
  }
  return results;
}

/** Deletes the flow logs this tool created (tagged), wherever they deliver. */
export async function destroyFlowLogs(ctx: EngineContext): Promise<StepResult[]> {
  const vpcs = await targetVpcs(ctx);
  const ours = (await ourFlowLogs(ctx, vpcs)).filter((f) => isOurs(tagRecord(f.Tags), ctx.settings));
  if (ours.length > 0 && ctx.write) {
    await call('ec2:DeleteFlowLogs', ours.map((f) => f.FlowLogId).join(','), () =>
      ctx.clients.ec2.send(new DeleteFlowLogsCommand({ FlowLogIds: ours.map((f) => f.FlowLogId ?? '') })),
    );
  }
  return ours.map((f) => ({ type: 'vpc-flow-log', name: f.ResourceId ?? '', action: 'delete', details: [] }));
}
