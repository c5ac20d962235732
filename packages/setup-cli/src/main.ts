import yargs from 'yargs';
import { applyCommand } from './commands/apply.js';
import { destroyCommand } from './commands/destroy.js';
import { defaultDeps, type LiveDeps } from './commands/live.js';
import { planCommand } from './commands/plan.js';
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
  const fail = (message: string) => {
    io.err(`firehose-splunk: ${message}\n`);
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
      .demandCommand(1, 'name a command: plan, apply, status or destroy')
      .strict()
      .fail((message, error) => {
        throw error ?? new Error(message);
      })
      .exitProcess(false)
      .help()
      .parseAsync();
  } catch (error) {
    // A handler's error is a value for the user: its message, no stack.
    fail((error as Error).message);
  }
  return code;
}
