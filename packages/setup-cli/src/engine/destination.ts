import {
  DeleteDestinationCommand,
  DescribeDestinationsCommand,
  ListTagsForResourceCommand,
  PutDestinationCommand,
  PutDestinationPolicyCommand,
  type Destination,
} from '@aws-sdk/client-cloudwatch-logs';
import { retryPropagation } from '../aws/retry.js';
import { grantsOrganization } from '../cross-account/destination-policies.js';
import type { DesiredResource } from '../desired-state.js';
import type { PolicyDocument } from '../iam-policies.js';
import { call, fail, isOurs, managedTags, sameJson, settle, type Change, type EngineContext, type StepResult } from './context.js';
import type { Check } from './run.js';

/** The central account's destination, if it exists. */
export async function findDestination(ctx: EngineContext): Promise<Destination | undefined> {
  const name = ctx.names.destination;
  const response = await call('logs:DescribeDestinations', name, () => ctx.clients.logs.send(new DescribeDestinationsCommand({ DestinationNamePrefix: name })));
  return (response.destinations ?? []).find((d) => d.destinationName === name);
}

async function destinationIsOurs(ctx: EngineContext): Promise<boolean> {
  const response = await call('logs:ListTagsForResource', ctx.names.destination, () => ctx.clients.logs.send(new ListTagsForResourceCommand({ resourceArn: ctx.names.destinationArn })));
  return isOurs(response.tags, ctx.settings);
}

const parsePolicy = (text: string | undefined): unknown => {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
};

/**
 * The destination in front of the stream and its access policy, each written where it
 * differs. Moving the policy from accounts to an organisation needs forceUpdate, which AWS
 * allows only once every sender's filters carry the organisation role; that is the user's to
 * affirm (--force-destination-policy-update), so without it the move is a conflict.
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/Cross-Account-Log_Subscription-Update.html
 */
export async function reconcileDestination(ctx: EngineContext, desired: DesiredResource): Promise<StepResult> {
  const destinationName = desired.name;
  const s = desired.settings as { targetArn: string; roleArn: string };
  const accessPolicy = desired.documents!.accessPolicy as PolicyDocument;
  const result: StepResult = { type: 'cloudwatch-logs-destination', name: destinationName, action: 'no change', details: [] };
  const existing = await findDestination(ctx);
  const current = parsePolicy(existing?.accessPolicy);
  const changes: Change[] = [];
  const putDestination = (what: string): Change => [
    what,
    () =>
      retryPropagation(
        () => ctx.clients.logs.send(new PutDestinationCommand({ destinationName, targetArn: s.targetArn, roleArn: s.roleArn, ...(existing ? {} : { tags: managedTags(ctx.settings) }) })),
        { ...ctx.retry, onRetry: () => ctx.progress(`CloudWatch Logs cannot use ${ctx.names.logsRole} yet (IAM propagation); retrying`) },
      ).catch((error) => fail('logs:PutDestination', destinationName, error)),
  ];
  let forceUpdate = false;
  if (!existing) {
    result.action = 'create';
    changes.push(putDestination(`a destination for ${ctx.names.deliveryStream}`));
  } else {
    if (!(await destinationIsOurs(ctx))) {
      return { ...result, action: 'conflict', details: ['the destination exists but this tool did not create it (no managed-by tag): choose another --name'] };
    }
    if (existing.targetArn !== s.targetArn || existing.roleArn !== s.roleArn) changes.push(putDestination('target stream and role'));
    if (current !== undefined && !grantsOrganization(current) && grantsOrganization(accessPolicy)) {
      if (!ctx.settings.forceDestinationPolicyUpdate) {
        return {
          ...result,
          action: 'conflict',
          details: [
            'the access policy would move from accounts to an organisation: AWS needs every sender filter to carry the organisation role first. Apply each sender with --organization-id, then this account with --force-destination-policy-update',
          ],
        };
      }
      forceUpdate = true;
    }
  }
  if (!existing || !sameJson(current, accessPolicy)) {
    changes.push([
      `access policy: ${describeGrant(accessPolicy)}${forceUpdate ? ' (forceUpdate: the senders were updated first)' : ''}`,
      () =>
        call('logs:PutDestinationPolicy', destinationName, () =>
          ctx.clients.logs.send(new PutDestinationPolicyCommand({ destinationName, accessPolicy: JSON.stringify(accessPolicy), ...(forceUpdate ? { forceUpdate } : {}) })),
        ),
    ]);
  }
  return settle(ctx, result, changes);
}

/** "accounts 1, 2 and organisation o-x may subscribe", from the policy itself. */
function describeGrant(policy: PolicyDocument): string {
  const parts: string[] = [];
  for (const statement of policy.Statement) {
    const principal = statement.Principal;
    if (principal !== undefined && principal !== '*' && 'AWS' in principal) parts.push(`account ${[principal.AWS].flat().join(', ')}`);
    const org = statement.Condition?.StringEquals?.['aws:PrincipalOrgID'];
    if (org !== undefined) parts.push(`organisation ${[org].flat().join(', ')}`);
  }
  return `${parts.join(' and ')} may subscribe`;
}

/** Deletes the destination if this tool made it; the senders' filters stop delivering. */
export async function destroyDestination(ctx: EngineContext): Promise<StepResult> {
  const destinationName = ctx.names.destination;
  const result: StepResult = { type: 'cloudwatch-logs-destination', name: destinationName, action: 'absent', details: [] };
  if (!(await findDestination(ctx))) return result;
  if (!(await destinationIsOurs(ctx))) return { ...result, action: 'keep', details: ['not created by this tool: left alone'] };
  if (ctx.write) await call('logs:DeleteDestination', destinationName, () => ctx.clients.logs.send(new DeleteDestinationCommand({ destinationName })));
  return { ...result, action: 'delete', details: ['the senders\u2019 filters to it stop delivering'] };
}

/** A central account's destination: there, in front of the stream, granting what the settings grant. */
export async function destinationChecks(ctx: EngineContext, desired: DesiredResource): Promise<Check[]> {
  const name = `destination ${ctx.names.destinationArn}`;
  const existing = await findDestination(ctx);
  if (!existing) return [{ name, ok: false, detail: 'missing: run apply' }];
  const wanted = desired.documents!.accessPolicy as PolicyDocument;
  const problems: string[] = [];
  if (existing.targetArn !== ctx.names.deliveryStreamArn) problems.push(`targets ${existing.targetArn}, not ${ctx.names.deliveryStreamArn}`);
  if (!sameJson(parsePolicy(existing.accessPolicy), wanted)) problems.push(`its access policy differs from the settings (${describeGrant(wanted)}): run apply`);
  return [{ name, ok: problems.length === 0, detail: problems.length === 0 ? `to ${ctx.names.deliveryStream}; ${describeGrant(wanted)}` : problems.join('; ') }];
}
