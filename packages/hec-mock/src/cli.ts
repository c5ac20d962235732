#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { DEFAULT_TOKEN, startHecMock } from './server.js';

const argv = await yargs(hideBin(process.argv))
  .scriptName('hec-mock')
  .usage('$0 [options]\n\nA Splunk HTTP Event Collector for tests, with indexer acknowledgement and fault injection.')
  .option('port', { type: 'number', default: 8088, describe: 'Port to listen on; 0 picks a free one' })
  .option('host', { type: 'string', default: '127.0.0.1', describe: 'Address to bind' })
  .option('token', { type: 'string', array: true, default: [DEFAULT_TOKEN], describe: 'Accepted HEC token (repeatable)' })
  .option('ack', { type: 'boolean', default: true, describe: 'Indexer acknowledgement on the tokens (--no-ack turns it off)' })
  .option('ack-delay-ms', { type: 'number', default: 50, describe: 'Time until an ack turns true' })
  .option('allow-query-token', { type: 'boolean', default: false, describe: 'Accept ?token= in the query string' })
  .option('max-events', { type: 'number', default: 100_000, describe: 'Events kept in memory (later ones are counted only)' })
  .option('jsonl', { type: 'string', describe: 'Also append every indexed event to this JSONL file' })
  .option('busy-probability', { type: 'number', default: 0, describe: 'Fault: probability of 503 Server is busy' })
  .option('internal-error-probability', { type: 'number', default: 0, describe: 'Fault: probability of 500' })
  .option('drop-probability', { type: 'number', default: 0, describe: 'Fault: probability of closing the connection unanswered' })
  .option('latency-ms', { type: 'number', default: 0, describe: 'Fault: delay before every answer' })
  .option('tls-cert', { type: 'string', describe: 'PEM certificate file: serve HTTPS' })
  .option('tls-key', { type: 'string', describe: 'PEM private key file for --tls-cert' })
  .check((args) => {
    if ((args['tls-cert'] === undefined) !== (args['tls-key'] === undefined)) throw new Error('--tls-cert and --tls-key go together');
    for (const name of ['busy-probability', 'internal-error-probability', 'drop-probability'] as const) {
      const value = args[name];
      if (value < 0 || value > 1) throw new Error(`--${name} must be from 0 to 1, not ${value}`);
    }
    if (!Number.isInteger(args.port) || args.port < 0 || args.port > 65535) throw new Error(`--port must be 0 to 65535, not ${args.port}`);
    return true;
  })
  .strict()
  .help()
  .parse();

const mock = await startHecMock({
  port: argv.port,
  host: argv.host,
  tokens: argv.token.map(String),
  ack: argv.ack,
  ackOptions: { indexingDelayMs: argv['ack-delay-ms'] },
  allowQueryStringToken: argv['allow-query-token'],
  maxEvents: argv['max-events'],
  ...(argv.jsonl ? { jsonlPath: argv.jsonl } : {}),
  faults: {
    busyProbability: argv['busy-probability'],
    internalErrorProbability: argv['internal-error-probability'],
    dropProbability: argv['drop-probability'],
    latencyMs: argv['latency-ms'],
  },
  ...(argv['tls-cert'] && argv['tls-key']
    ? { tls: { cert: readFileSync(argv['tls-cert']), key: readFileSync(argv['tls-key']) } }
    : {}),
});
console.log(`hec-mock listening on ${mock.url} (ack ${argv.ack ? 'on' : 'off'}, tokens: ${argv.token.length})`);
console.log(`inspect: ${mock.url}/__mock/events  ${mock.url}/__mock/counts`);
const stop = () => {
  void mock.stop().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
