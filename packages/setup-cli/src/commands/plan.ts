import type { Argv, CommandModule } from 'yargs';
import { desiredState } from '../desired-state.js';
import { InvalidSettingsError } from '../errors.js';
import type { Io } from '../io.js';
import { planJson, planText } from '../render-plan.js';
import { resultsText } from '../render-results.js';
import { validateSettings } from '../settings.js';
import { commonOptions, type CommonArgs } from './common-options.js';
import type { LiveDeps } from './live-deps.js';
import { targetsOf } from './targets.js';

interface PlanArgs extends CommonArgs {
  offline: boolean;
}

async function offlinePlan(args: PlanArgs, io: Io): Promise<number> {
  const problems: string[] = [];
  const plans: string[] = [];
  for (const target of await targetsOf(args)) {
    const checked = validateSettings(target);
    if (!checked.ok) {
      problems.push(...checked.problems.map((p) => (target.region ? `${target.accountId ?? '?'}/${target.region}: ${p}` : p)));
      continue;
    }
    const { resources } = desiredState(checked.settings);
    plans.push(args.output === 'json' ? planJson(checked.settings, resources) : planText(checked.settings, resources));
  }
  if (problems.length > 0) throw new InvalidSettingsError([...new Set(problems)], 'planned');
  io.out(plans.join(args.output === 'json' ? '' : '\n'));
  return 0;
}

/** `plan`: what apply would create or change; `--offline` renders the full desired state with no AWS call. */
export function planCommand(io: Io, deps: LiveDeps, exit: (code: number) => void): CommandModule<object, PlanArgs> {
  return {
    command: 'plan',
    describe: 'Show what apply would create or change; --offline renders every resource and IAM document without AWS',
    builder: (yargs: Argv) =>
      commonOptions(yargs).option('offline', {
        type: 'boolean',
        default: false,
        describe: 'Render the desired state without any AWS call or credentials (needs --account-id and --region)',
      }) as unknown as Argv<PlanArgs>,
    handler: async (args) => {
      if (args.offline) {
        exit(await offlinePlan(args, io));
        return;
      }
      // The engine and the AWS SDK load here, not at start-up: --help and plan --offline never need them.
      const [{ forEachTarget }, { reconcile }] = await Promise.all([import('./live.js'), import('../engine/run.js')]);
      exit(
        await forEachTarget(args, io, deps, async (context, settings) => {
          const results = await reconcile(context(false));
          const heading = `Plan for account ${settings.accountId}, region ${settings.region}, name "${settings.name}":`;
          io.out(args.output === 'json' ? `${JSON.stringify({ account: settings.accountId, region: settings.region, results })}\n` : resultsText(heading, results));
          return !results.some((r) => r.action === 'conflict');
        }),
      );
    },
  };
}
