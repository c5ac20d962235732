import type { Argv, CommandModule } from 'yargs';
import type { Io } from '../io.js';
import { hasChanges, resultsText } from '../render-results.js';
import { confirmed } from './apply.js';
import { commonOptions, type CommonArgs } from './common-options.js';
import type { LiveDeps } from './live-deps.js';

interface DestroyArgs extends CommonArgs {
  yes: boolean;
  deleteBucket: boolean;
}

/** `destroy`: removes what this tool created (found by its tags), nothing else; keeps the bucket unless told. */
export function destroyCommand(io: Io, deps: LiveDeps, exit: (code: number) => void): CommandModule<object, DestroyArgs> {
  return {
    command: 'destroy',
    describe: 'Remove what this tool created (by its tags); the backup bucket stays unless --delete-bucket',
    builder: (yargs: Argv) =>
      commonOptions(yargs)
        .option('yes', { type: 'boolean', default: false, describe: 'Do not ask for confirmation' })
        .option('delete-bucket', { type: 'boolean', default: false, describe: 'Also delete the backup bucket, if it is empty' }) as unknown as Argv<DestroyArgs>,
    handler: async (args) => {
      const [{ forEachTarget }, { destroy }] = await Promise.all([import('./live.js'), import('../engine/run.js')]);
      exit(
        await forEachTarget(args, io, deps, async (context, settings) => {
          const where = `account ${settings.accountId}, region ${settings.region}, name "${settings.name}"`;
          const plan = await destroy(context(false), args.deleteBucket);
          if (args.output === 'text') io.out(resultsText(`Would remove from ${where}:`, plan));
          if (!hasChanges(plan)) return true;
          if (!(await confirmed(io, args.yes, `Remove these resources from ${where}?`))) {
            io.err('nothing was removed\n');
            return false;
          }
          const results = await destroy(context(true), args.deleteBucket);
          io.out(args.output === 'json' ? `${JSON.stringify({ account: settings.accountId, region: settings.region, results })}\n` : resultsText(`Removed from ${where}:`, results));
          return true;
        }),
      );
    },
  };
}
