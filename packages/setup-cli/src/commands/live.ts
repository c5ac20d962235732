import type { AwsClients } from '../aws/clients.js';
import { createClients } from '../aws/clients.js';
import type { RetryOptions } from '../aws/retry.js';
import type { Target } from '../config-file.js';
import { credentialsFor } from '../credentials.js';
import type { EngineContext } from '../engine/context.js';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { readHecToken } from '../hec-token.js';
import type { Io } from '../io.js';
import { readLambdaZip } from '../lambda-zip.js';
import { resourceNames } from '../names.js';
import { validateSettings, type Settings } from '../settings.js';
import type { CommonArgs } from './common-options.js';
import { targetsOf } from './targets.js';

/** What live commands need beyond their flags; tests replace the clients and the waits. */
export interface LiveDeps {
  clientsFor: (target: Target, region: string) => AwsClients;
  lambdaZip: () => Buffer;
  retry: RetryOptions;
  waitForActive: { timeoutMs: number; pollMs: number };
}

export const defaultDeps: LiveDeps = {
  clientsFor: (target, region) => createClients(region, credentialsFor(target, region)),
  lambdaZip: () => readLambdaZip(),
  retry: { attempts: 8, baseDelayMs: 2_000, maxDelayMs: 20_000 },
  waitForActive: { timeoutMs: 15 * 60_000, pollMs: 10_000 },
};

const PLACEHOLDER_ACCOUNT = '000000000000';

/**
 * Validates every target's flags before any AWS call, then, per target, resolves the account
 * (STS) where none was given and hands a context factory to `run`.
 */
export async function forEachTarget(
  args: CommonArgs,
  io: Io,
  deps: LiveDeps,
  run: (context: (write: boolean) => EngineContext, settings: Settings) => Promise<boolean>,
): Promise<number> {
  const targets = targetsOf(args);
  const problems: string[] = [];
  for (const target of targets) {
    const checked = validateSettings({ ...target, accountId: target.accountId ?? PLACEHOLDER_ACCOUNT });
    if (!checked.ok) problems.push(...checked.problems.map((p) => (target.region ? `${target.region}: ${p}` : p)));
  }
  if (problems.length > 0) throw new Error(`nothing was done:\n  - ${[...new Set(problems)].join('\n  - ')}`);
  let ok = true;
  for (const target of targets) {
    const clients = deps.clientsFor(target, target.region);
    let accountId = target.accountId;
    if (accountId === undefined) {
      try {
        accountId = (await clients.sts.send(new GetCallerIdentityCommand({}))).Account;
      } catch (error) {
        throw new Error(`sts:GetCallerIdentity failed: ${(error as Error).name}: ${(error as Error).message}. What to do: set AWS_PROFILE (or --profile), or credentials in the environment`);
      }
    }
    const checked = validateSettings({ ...target, accountId });
    if (!checked.ok) throw new Error(checked.problems.join('; '));
    const settings = checked.settings;
    let token: Promise<string> | undefined;
    const context = (write: boolean): EngineContext => ({
      clients,
      settings,
      names: resourceNames(settings),
      write,
      progress: (m) => io.err(`  ${m}\n`),
      retry: deps.retry,
      hecToken: () => (token ??= readHecToken(settings.hecTokenSource, io, () => clients.secrets)),
      lambdaZip: deps.lambdaZip,
      waitForActive: deps.waitForActive,
    });
    if (!(await run(context, settings))) ok = false;
  }
  return ok ? 0 : 1;
}
