// Loaded only by the live commands (plan, apply, status, destroy), never by --help or
// plan --offline: it brings in the AWS SDK.
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import type { EngineContext } from '../engine/context.js';
import { InvalidSettingsError, StepError } from '../errors.js';
import { readHecToken } from '../hec-token.js';
import type { Io } from '../io.js';
import { resourceNames } from '../names.js';
import { validateSettings, type Settings } from '../settings.js';
import type { CommonArgs } from './common-options.js';
import type { LiveDeps } from './live-deps.js';
import { targetsOf } from './targets.js';

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
  validation: { loopbackHttp?: boolean } = {},
): Promise<number> {
  const targets = await targetsOf(args);
  const problems: string[] = [];
  for (const target of targets) {
    const checked = validateSettings({ ...target, accountId: target.accountId ?? PLACEHOLDER_ACCOUNT }, validation);
    if (!checked.ok) problems.push(...checked.problems.map((p) => (target.region ? `${target.region}: ${p}` : p)));
  }
  if (problems.length > 0) throw new InvalidSettingsError([...new Set(problems)]);
  let ok = true;
  for (const target of targets) {
    const clients = await deps.clientsFor(target, target.region);
    let accountId = target.accountId;
    if (accountId === undefined) {
      try {
        accountId = (await clients.sts.send(new GetCallerIdentityCommand({}))).Account;
      } catch (error) {
        throw new StepError('sts:GetCallerIdentity', 'the credentials in use', error);
      }
    }
    const checked = validateSettings({ ...target, accountId }, validation);
    if (!checked.ok) throw new InvalidSettingsError(checked.problems);
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
