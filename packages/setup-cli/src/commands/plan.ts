import type { Argv, CommandModule } from 'yargs';
import { desiredState } from '../desired-state.js';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cloudFormationTemplate, TemplateNotPossible } from '../cloudformation/template.js';
import { InvalidSettingsError, UsageError } from '../errors.js';
import type { Io } from '../io.js';
import { planJson, planText } from '../render-plan.js';
import { resultsText } from '../render-results.js';
import { validateSettings } from '../settings.js';
import { commonOptions, type CommonArgs } from './common-options.js';
import type { LiveDeps } from './live-deps.js';
import { targetsOf } from './targets.js';

interface PlanArgs extends Omit<CommonArgs, 'output'> {
  offline: boolean;
  output: CommonArgs['output'] | 'cloudformation';
  outDir?: string;
}

async function offlinePlan(args: PlanArgs, io: Io): Promise<number> {
  const problems: string[] = [];
  const plans: string[] = [];
  const templates: Array<{ file: string; text: string }> = [];
  const targets = await targetsOf(args as CommonArgs);
  if (args.output === 'cloudformation' && targets.length > 1 && args.outDir === undefined) {
    problems.push(`--output cloudformation gives one template per account and region: with ${targets.length} targets, name a folder with --out-dir`);
  }
  for (const target of targets) {
    const checked = validateSettings(target);
    const where = (p: string) => (target.region ? `${target.accountId ?? '?'}/${target.region}: ${p}` : p);
    if (!checked.ok) {
      problems.push(...checked.problems.map(where));
      continue;
    }
    const { names, resources } = desiredState(checked.settings);
    if (args.output === 'cloudformation') {
      try {
        const template = cloudFormationTemplate(checked.settings, names, resources);
        templates.push({ file: templateFileName(checked.settings), text: `${JSON.stringify(template, null, 2)}\n` });
      } catch (error) {
        if (!(error instanceof TemplateNotPossible)) throw error;
        problems.push(where(error.message));
      }
      continue;
    }
    plans.push(args.output === 'json' ? planJson(checked.settings, resources) : planText(checked.settings, resources));
  }
  if (problems.length > 0) throw new InvalidSettingsError([...new Set(problems)], 'planned');
  if (args.output === 'cloudformation') {
    if (args.outDir === undefined) io.out(templates[0]!.text);
    else {
      mkdirSync(args.outDir, { recursive: true });
      for (const { file, text } of templates) writeFileSync(join(args.outDir, file), text);
      io.err(`wrote ${templates.length} template${templates.length === 1 ? '' : 's'} to ${args.outDir}: ${templates.map((t) => t.file).join(', ')}\n`);
    }
    return 0;
  }
  io.out(plans.join(args.output === 'json' ? '' : '\n'));
  return 0;
}

/** One file per target: `<account>-<region>-<name>.template.json`. */
export function templateFileName(settings: { accountId: string; region: string; name: string }): string {
  return `${settings.accountId}-${settings.region}-${settings.name}.template.json`;
}

/** `plan`: what apply would create or change; `--offline` renders the full desired state with no AWS call. */
export function planCommand(io: Io, deps: LiveDeps, exit: (code: number) => void): CommandModule<object, PlanArgs> {
  return {
    command: 'plan',
    describe: 'Show what apply would create or change; --offline renders every resource and IAM document without AWS',
    builder: (yargs: Argv) =>
      commonOptions(yargs)
        .option('offline', {
          type: 'boolean',
          default: false,
          describe: 'Render the desired state without any AWS call or credentials (needs --account-id and --region)',
        })
        .option('output', { choices: ['text', 'json', 'cloudformation'] as const, default: 'text' as const, describe: 'Output format; cloudformation (with --offline): one template per target' })
        .option('out-dir', { type: 'string', describe: 'With --output cloudformation: write one template file per target into this folder' }) as unknown as Argv<PlanArgs>,
    handler: async (args) => {
      if (args.output === 'cloudformation' && !args.offline) throw new UsageError('--output cloudformation renders the plan without AWS: add --offline');
      if (args.outDir !== undefined && args.output !== 'cloudformation') throw new UsageError('--out-dir only applies with --output cloudformation');
      if (args.offline) {
        exit(await offlinePlan(args, io));
        return;
      }
      // The engine and the AWS SDK load here, not at start-up: --help and plan --offline never need them.
      const [{ forEachTarget }, { reconcile }] = await Promise.all([import('./live.js'), import('../engine/run.js')]);
      exit(
        await forEachTarget(args as CommonArgs, io, deps, async (context, settings) => {
          const results = await reconcile(context(false));
          const heading = `Plan for account ${settings.accountId}, region ${settings.region}, name "${settings.name}":`;
          io.out(args.output === 'json' ? `${JSON.stringify({ account: settings.accountId, region: settings.region, results })}\n` : resultsText(heading, results));
          return !results.some((r) => r.action === 'conflict');
        }),
      );
    },
  };
}
