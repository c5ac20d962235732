import {
  CreateRoleCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  PutRolePolicyCommand,
  UpdateAssumeRolePolicyCommand,
} from '@aws-sdk/client-iam';
import type { DesiredResource } from '../desired-state.js';
import { oversizedPolicies } from '../iam-policies.js';
import { call, callOrAbsent, isOurs, managedTags, sameJson, tagRecord, settle, type Change, type EngineContext, type StepResult } from './context.js';

/** IAM returns policy documents URL-encoded. */
function decodePolicy(text: string | undefined): unknown {
  return text === undefined ? undefined : JSON.parse(decodeURIComponent(text));
}

async function readRole(ctx: EngineContext, RoleName: string) {
  return (await callOrAbsent('iam:GetRole', RoleName, () => ctx.clients.iam.send(new GetRoleCommand({ RoleName }))))?.Role;
}

async function readInlinePolicy(ctx: EngineContext, RoleName: string, PolicyName: string): Promise<unknown> {
  const response = await callOrAbsent('iam:GetRolePolicy', RoleName, () => ctx.clients.iam.send(new GetRolePolicyCommand({ RoleName, PolicyName })));
  return decodePolicy(response?.PolicyDocument);
}

/** One role: trust policy, inline permissions and tags, each compared and written where it differs. */
export async function reconcileRole(ctx: EngineContext, desired: DesiredResource): Promise<StepResult> {
  const { iam } = ctx.clients;
  const RoleName = desired.name;
  const PolicyName = String(desired.settings.inlinePolicyName);
  const trust = desired.documents!.trust!;
  const permissions = desired.documents!.permissions!;
  const tags = managedTags(ctx.settings);
  const result: StepResult = { type: 'iam-role', name: RoleName, action: 'no change', details: [] };
  // IAM would refuse a document past its size limit: say so instead of sending it.
  const oversized = oversizedPolicies({ trust, permissions });
  if (oversized.length > 0) return { ...result, action: 'conflict', details: oversized.map((o) => `policy too large for IAM (${o}): fewer log groups per --name, or report this as a bug`) };
  const role = await readRole(ctx, RoleName);
  const changes: Change[] = [];
  if (!role) {
    result.action = 'create';
    changes.push([
      'create the role with its trust policy',
      () =>
        call('iam:CreateRole', RoleName, () =>
          iam.send(
            new CreateRoleCommand({
              RoleName,
              AssumeRolePolicyDocument: JSON.stringify(trust),
              Description: `firehose-splunk ${ctx.settings.name}: ${String(desired.settings.purpose)}`,
              Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
            }),
          ),
        ),
    ]);
  } else {
    if (!isOurs(tagRecord(role.Tags), ctx.settings)) {
      return { ...result, action: 'conflict', details: ['the role exists but this tool did not create it (no managed-by tag): choose another --name'] };
    }
    if (!sameJson(decodePolicy(role.AssumeRolePolicyDocument), trust)) {
      changes.push(['trust policy', () => call('iam:UpdateAssumeRolePolicy', RoleName, () => iam.send(new UpdateAssumeRolePolicyCommand({ RoleName, PolicyDocument: JSON.stringify(trust) })))]);
    }
  }
  const currentPermissions = role ? await readInlinePolicy(ctx, RoleName, PolicyName) : undefined;
  if (!sameJson(currentPermissions, permissions)) {
    changes.push([`inline policy ${PolicyName}`, () => call('iam:PutRolePolicy', RoleName, () => iam.send(new PutRolePolicyCommand({ RoleName, PolicyName, PolicyDocument: JSON.stringify(permissions) })))]);
  }
  return settle(ctx, result, changes);
}

/** Deletes a role this tool created: its inline policy first, as IAM requires. */
export async function destroyRole(ctx: EngineContext, desired: DesiredResource): Promise<StepResult> {
  const RoleName = desired.name;
  const result: StepResult = { type: 'iam-role', name: RoleName, action: 'absent', details: [] };
  const role = await readRole(ctx, RoleName);
  if (!role) return result;
  if (!isOurs(tagRecord(role.Tags), ctx.settings)) return { ...result, action: 'keep', details: ['not created by this tool: left alone'] };
  if (ctx.write) {
    const PolicyName = String(desired.settings.inlinePolicyName);
    await callOrAbsent('iam:DeleteRolePolicy', RoleName, () => ctx.clients.iam.send(new DeleteRolePolicyCommand({ RoleName, PolicyName })));
    await call('iam:DeleteRole', RoleName, () => ctx.clients.iam.send(new DeleteRoleCommand({ RoleName })));
  }
  return { ...result, action: 'delete' };
}
