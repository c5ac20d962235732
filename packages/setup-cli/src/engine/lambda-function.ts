import { sleep } from '@firehose-splunk/internal';
import { createHash } from 'node:crypto';
import {
  CreateFunctionCommand,
  DeleteFunctionCommand,
  GetFunctionCommand,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
  type GetFunctionCommandOutput,
} from '@aws-sdk/client-lambda';
import { retryPropagation } from '../aws/retry.js';
import type { DesiredResource } from '../desired-state.js';
import { call, callOrAbsent, fail, isOurs, managedTags, sameJson, settle, type Change, type EngineContext, type StepResult } from './context.js';

async function readFunction(ctx: EngineContext, FunctionName: string): Promise<GetFunctionCommandOutput | undefined> {
  return callOrAbsent('lambda:GetFunction', FunctionName, () => ctx.clients.lambda.send(new GetFunctionCommand({ FunctionName })));
}

/** Lambda refuses a second update while one is in progress: wait until the function settles. */
async function waitUntilSettled(ctx: EngineContext, FunctionName: string): Promise<void> {
  for (let i = 0; i < 120; i++) {
    const c = (await readFunction(ctx, FunctionName))?.Configuration;
    if (c && c.State !== 'Pending' && c.LastUpdateStatus !== 'InProgress') return;
    if (i % 10 === 0) ctx.progress(`waiting for Lambda ${FunctionName} to settle (state ${c?.State ?? '?'}, update ${c?.LastUpdateStatus ?? '?'})`);
    await sleep(ctx.waitForActive.pollMs);
  }
}

/** The transform Lambda: code by SHA-256, then runtime, memory, timeout, role and environment. */
export async function reconcileLambda(ctx: EngineContext, desired: DesiredResource): Promise<StepResult> {
  const { lambda } = ctx.clients;
  const FunctionName = desired.name;
  const s = desired.settings as Record<string, unknown>;
  const want = {
    Runtime: s.runtime as 'nodejs22.x',
    Handler: String(s.handler),
    MemorySize: Number(s.memorySizeMb),
    Timeout: Number(s.timeoutSeconds),
    Role: String(s.role),
    Environment: { Variables: s.environment as Record<string, string> },
  };
  const result: StepResult = { type: 'lambda-function', name: FunctionName, action: 'no change', details: [] };
  const current = await readFunction(ctx, FunctionName);
  const zip = ctx.lambdaZip();
  const sha = createHash('sha256').update(zip).digest('base64');
  const changes: Change[] = [];
  if (!current) {
    result.action = 'create';
    changes.push([
      'create the function from the transform-lambda zip',
      () =>
        retryPropagation(
          () =>
            lambda.send(
              new CreateFunctionCommand({
                FunctionName,
                ...want,
                Architectures: [s.architecture as 'arm64'],
                Code: { ZipFile: zip },
                Tags: managedTags(ctx.settings),
                Description: `firehose-splunk ${ctx.settings.name}: Firehose transform to Splunk HEC`,
              }),
            ),
          { ...ctx.retry, onRetry: () => ctx.progress(`the new role ${want.Role} is not assumable by Lambda yet; retrying`) },
        ).catch((error) => fail('lambda:CreateFunction', FunctionName, error)),
    ]);
    changes.push(['wait until active', () => waitUntilSettled(ctx, FunctionName)]);
  } else {
    if (!isOurs(current.Tags, ctx.settings)) {
      return { ...result, action: 'conflict', details: ['the function exists but this tool did not create it: choose another --name'] };
    }
    const c = current.Configuration ?? {};
    if (c.CodeSha256 !== sha) {
      changes.push(['code', () => call('lambda:UpdateFunctionCode', FunctionName, () => lambda.send(new UpdateFunctionCodeCommand({ FunctionName, ZipFile: zip })))]);
      changes.push(['wait for the code update', () => waitUntilSettled(ctx, FunctionName)]);
    }
    const have = { Runtime: c.Runtime, Handler: c.Handler, MemorySize: c.MemorySize, Timeout: c.Timeout, Role: c.Role, Environment: { Variables: c.Environment?.Variables ?? {} } };
    if (!sameJson(have, want)) {
      const differing = (Object.keys(want) as Array<keyof typeof want>).filter((k) => !sameJson(have[k], want[k]));
      changes.push([
        `configuration (${differing.join(', ')})`,
        () =>
          retryPropagation(() => lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName, ...want })), ctx.retry).catch((error) =>
            fail('lambda:UpdateFunctionConfiguration', FunctionName, error),
          ),
      ]);
      changes.push(['wait for the configuration update', () => waitUntilSettled(ctx, FunctionName)]);
    }
  }
  return settle(ctx, result, changes, (what) => what.startsWith('wait'));
}

/** Deletes the function if this tool created it. */
export async function destroyLambda(ctx: EngineContext, desired: DesiredResource): Promise<StepResult> {
  const FunctionName = desired.name;
  const result: StepResult = { type: 'lambda-function', name: FunctionName, action: 'absent', details: [] };
  const current = await readFunction(ctx, FunctionName);
  if (!current) return result;
  if (!isOurs(current.Tags, ctx.settings)) return { ...result, action: 'keep', details: ['not created by this tool: left alone'] };
  if (ctx.write) await call('lambda:DeleteFunction', FunctionName, () => ctx.clients.lambda.send(new DeleteFunctionCommand({ FunctionName })));
  return { ...result, action: 'delete' };
}
