import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { planCommand } from './commands/plan.js';

const fail = (message: string): never => {
  process.stderr.write(`firehose-splunk: ${message}\n`);
  process.exit(2);
};

// One module per command, each with its builder and handler, so --help and the code agree.
try {
  await yargs(hideBin(process.argv))
    .scriptName('firehose-splunk')
    .usage('$0 <command> [options]\n\nWire an AWS account and region to Splunk through Amazon Data Firehose.')
    .command(planCommand)
    .demandCommand(1, 'name a command: plan')
    .strict()
    .fail((message, error) => fail(error?.message ?? message))
    .help()
    .parseAsync();
} catch (error) {
  // A handler's error is a value for the user: its message, no stack.
  fail((error as Error).message);
}
