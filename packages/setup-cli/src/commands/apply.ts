import type { Argv, CommandModule } from 'yargs';
import { ConfirmationRequiredError } from '../errors.js';
import type { Io } from '../io.js';
import { hasChanges, resultsText } from '../render-results.js';
import { commonOptions, type CommonArgs } from './common-options.js';
import type { LiveDeps } from './live-deps.js';

interface ApplyArgs extends CommonArgs {
  yes: boolean;
}

/** Asks before changing anything unless --yes; refuses to guess when nobody can answer. */
export async function confirmed(io: Io, yes: boolean, question: string): Promise<boolean> {
  if (yes) return true;
  if (!io.confirm) throw new ConfirmationRequiredError();
  return io.confirm(question);
}

/** `apply`: create or update to the desired state; a second apply changes nothing. */
export function applyCommand(io: Io, deps: LiveDeps, exit: (code: number) => void): CommandModule<object, ApplyArgs> {
  return {
    command: 'apply',
    describe: 'Create or update every resource to the desired state (idempotent; re-run after any failure)',
    builder: (yargs: Argv) =>
      commonOptions(yargs).option('yes', { type: 'boolean', default: false, describe: 'Do not ask for confirmation' }) as unknown as Argv<ApplyArgs>,
    handler: async (args) => {
      const [{ forEachTarget }, { reconcile }] = await Promise.all([import('./live.js'), import('../engine/run.js')]);
      exit(
        await forEachTarget(args, io, deps, async (context, settings) => {
          const where = `account ${settings.accountId}, region ${settings.region}, name "${settings.name}"`;
          const plan = await reconcile(context(false));
          if (args.output === 'text') io.out(resultsText(`Plan for ${where}:`, plan));
          if (!hasChanges(plan)) {
            if (args.output === 'json') io.out(`${JSON.stringify({ account: settings.accountId, region: settings.region, results: plan })}\n`);
            return !plan.some((r) => r.action === 'conflict');
          }
          // The token is read before anything is written, so a missing one stops the run clean.
          // A sender has no stream, so no token.
          if (settings.topology.kind !== 'sender') await context(true).hecToken();
          if (!(await confirmed(io, args.yes, `Apply these changes to ${where}?`))) {
            io.err('nothing was changed\n');
            return false;
          }
          io.err(`applying to ${where}\n`);
          const results = await reconcile(context(true));
          io.out(args.output === 'json' ? `${JSON.stringify({ account: settings.accountId, region: settings.region, results })}\n` : resultsText(`Applied to ${where}:`, results));
          return !results.some((r) => r.action === 'conflict');
        }),
      );
    },
  };
}
