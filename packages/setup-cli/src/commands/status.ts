import type { Argv, CommandModule } from 'yargs';
import type { Io } from '../io.js';
import { checksText } from '../render-results.js';
import { commonOptions, type CommonArgs } from './common-options.js';
import type { LiveDeps } from './live-deps.js';

interface StatusArgs extends CommonArgs {
  sinceMinutes: number;
}

/** `status`: is the wiring alive? Exits 1 when any check fails. */
export function statusCommand(io: Io, deps: LiveDeps, exit: (code: number) => void): CommandModule<object, StatusArgs> {
  return {
    command: 'status',
    describe: 'Check the wiring: stream ACTIVE, Lambda active, filters and flow logs in place, no recent delivery errors',
    builder: (yargs: Argv) =>
      commonOptions(yargs).option('since-minutes', { type: 'number', default: 60, describe: 'How far back to look for delivery errors' }) as unknown as Argv<StatusArgs>,
    handler: async (args) => {
      const [{ forEachTarget }, { status }] = await Promise.all([import('./live.js'), import('../engine/run.js')]);
      exit(
        await forEachTarget(args, io, deps, async (context, settings) => {
          const checks = await status(context(false), args.sinceMinutes * 60_000);
          io.out(
            args.output === 'json'
              ? `${JSON.stringify({ account: settings.accountId, region: settings.region, checks })}\n`
              : checksText(`Status of account ${settings.accountId}, region ${settings.region}, name "${settings.name}":`, checks),
          );
          return checks.every((c) => c.ok);
        }),
      );
    },
  };
}
