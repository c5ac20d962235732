import { errorMessage } from '@firehose-splunk/internal';
import yargs from 'yargs';
import { UsageError } from './errors.js';
import { applyCommand } from './commands/apply.js';
import { destroyCommand } from './commands/destroy.js';
import { defaultDeps, type LiveDeps } from './commands/live-deps.js';
import { planCommand } from './commands/plan.js';
import { replayCommand } from './commands/replay.js';
import { statusCommand } from './commands/status.js';
import type { Io } from './io.js';

/**
 * Runs the CLI on `args` and resolves with the exit code: 0 done, 1 something is wrong in
 * AWS (a conflict, a failed check), 2 a bad flag or a failed call. One module per command,
 * each with its builder and handler, so --help and the code agree.
 */
export async function main(args: string[], io: Io, deps: LiveDeps = defaultDeps): Promise<number> {
  let code = 0;
  const exit = (c: number) => {
    code = c;
  };
  // An error is a value for the user: its code (what scripts and tests branch on) and its
  // message, never a stack. A thrown non-CodedError is a bug: its text still says what failed.
  const fail = (error: unknown) => {
    const coded = (error as { code?: unknown }).code;
    io.err(`firehose-splunk: ${typeof coded === 'string' ? `${coded}: ` : ''}${errorMessage(error)}\n`);
    code = 2;
  };
  try {
    await yargs(args)
      .scriptName('firehose-splunk')
      .usage('$0 <command> [options]\n\nWire an AWS account and region to Splunk through Amazon Data Firehose.')
      .command(planCommand(io, deps, exit))
      .command(applyCommand(io, deps, exit))
      .command(statusCommand(io, deps, exit))
      .command(destroyCommand(io, deps, exit))
      .command(replayCommand(io, deps, exit))
      .demandCommand(1, 'name a command: plan, apply, status, destroy or replay')
      .strict()
      .fail((message, error) => {
        throw error ?? new UsageError(message);
      })
      .exitProcess(false)
      .help()
      .parseAsync();
  } catch (error) {
    fail(error);
  }
  return code;
}
