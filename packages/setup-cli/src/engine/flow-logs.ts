import { StepError } from '../errors.js';
import { CreateFlowLogsCommand, DeleteFlowLogsCommand, DescribeFlowLogsCommand, DescribeVpcsCommand, type FlowLog } from '@aws-sdk/client-ec2';
import { call, isOurs, managedTags, tagRecord, type EngineContext, type StepResult } from './context.js';

/** The VPCs to cover: the ones named, or every VPC of the region. */
export async function targetVpcs(ctx: EngineContext): Promise<string[]> {
  if (ctx.settings.vpcIds !== 'all') return ctx.settings.vpcIds;
  const response = await call('ec2:DescribeVpcs', ctx.settings.region, () => ctx.clients.ec2.send(new DescribeVpcsCommand({})));
  return (response.Vpcs ?? []).map((v) => v.VpcId ?? '').filter((id) => id.length > 0);
}

/** Flow logs of these VPCs that deliver into our log group. */
export async function ourFlowLogs(ctx: EngineContext, vpcs: string[]): Promise<FlowLog[]> {
  if (vpcs.length === 0) return [];
  const response = await call('ec2:DescribeFlowLogs', vpcs.join(','), () =>
    ctx.clients.ec2.send(new DescribeFlowLogsCommand({ Filter: [{ Name: 'resource-id', Values: vpcs }] })),
  );
  return (response.FlowLogs ?? []).filter((f) => f.LogGroupName === ctx.names.flowLogGroup);
}

/** A flow log per VPC into the flow log group, created where missing. */
export async function reconcileFlowLogs(ctx: EngineContext): Promise<StepResult[]> {
  const vpcs = await targetVpcs(ctx);
  const existing = await ourFlowLogs(ctx, vpcs);
  const results: StepResult[] = [];
  for (const vpc of vpcs) {
    const result: StepResult = { type: 'vpc-flow-log', name: vpc, action: 'no change', details: [] };
    const found = existing.find((f) => f.ResourceId === vpc);
    if (found && found.DeliverLogsPermissionArn === ctx.names.roleArn(ctx.names.flowLogsRole)) {
      results.push(result);
      continue;
    }
    result.action = 'create';
    result.details = [`all traffic of ${vpc} into ${ctx.names.flowLogGroup}`];
    if (ctx.write) {
      const response = await call('ec2:CreateFlowLogs', vpc, () =>
        ctx.clients.ec2.send(
          new CreateFlowLogsCommand({
            ResourceIds: [vpc],
            ResourceType: 'VPC',
            TrafficType: 'ALL',
            LogDestinationType: 'cloud-watch-logs',
            LogGroupName: ctx.names.flowLogGroup,
            DeliverLogsPermissionArn: ctx.names.roleArn(ctx.names.flowLogsRole),
            MaxAggregationInterval: 60,
            TagSpecifications: [{ ResourceType: 'vpc-flow-log', Tags: Object.entries(managedTags(ctx.settings)).map(([Key, Value]) => ({ Key, Value })) }],
          }),
        ),
      );
      const problem = response.Unsuccessful?.[0]?.Error;
      if (problem) throw new StepError('ec2:CreateFlowLogs', vpc, { name: problem.Code, message: problem.Message });
    }
    results.push(result);
  }
  return results;
}

/** Deletes the flow logs this tool created (tagged, delivering into our log group). */
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
