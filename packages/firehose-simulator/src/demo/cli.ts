#!/usr/bin/env node
// `pnpm demo`: the whole pipeline on this machine, ending with what happened to every event.
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { runPipeline, type PipelineProgress, type PipelineSummary } from './run-pipeline.js';

// `pnpm demo -- --events 5` passes the `--` through; drop it so the options are read.
const args = hideBin(process.argv);
if (args[0] === '--') args.shift();

const argv = await yargs(args)
  .scriptName('demo')
  .usage('$0 [options]\n\nGenerates VPC flow logs and application logs, drives them through Firehose (simulated),\nthe transform Lambda and Splunk HEC (the mock, or yours), and accounts for every event.')
  .option('events', { type: 'number', default: 20_000, describe: 'Log events to generate' })
  .option('endpoint-type', { choices: ['Event', 'Raw'] as const, default: 'Event' as const, describe: 'HEC endpoint type' })
  .option('faults', { type: 'boolean', default: false, describe: 'Inject faults: server busy, dropped connections, acks that never come, corrupt and oversized records' })
  .option('splunk-down', { type: 'boolean', default: false, describe: 'Splunk is down for the whole run: every batch ends in the backup folder (splunk-failed/), for firehose-splunk replay --from to bring back' })
  .option('backup-dir', { type: 'string', describe: 'Write the backup folder here (default: a new temporary folder)' })
  .option('hec-url', { type: 'string', describe: 'Send to this Splunk HEC instead of the mock (e.g. https://splunk:8088)' })
  .option('hec-token', { type: 'string', describe: 'HEC token for --hec-url (default: $SPLUNK_HEC_TOKEN)' })
  .option('seed', { type: 'number', default: 1, describe: 'Seed of the generated data' })
  .option('json', { type: 'boolean', default: false, describe: 'Print the summary as one JSON object' })
  .check((args) => {
    if (!Number.isInteger(args.events) || args.events < 1 || args.events > 5_000_000) throw new Error(`--events must be a whole number from 1 to 5000000, not ${args.events}`);
    if (args['hec-url'] !== undefined) {
      let url: URL;
      try {
        url = new URL(args['hec-url']);
      } catch {
        throw new Error(`--hec-url "${args['hec-url']}" is not a URL: give the HEC base URL, e.g. https://splunk.example.com:8088`);
      }
      if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`--hec-url must be http or https, not ${url.protocol}`);
      if (!(args['hec-token'] ?? process.env.SPLUNK_HEC_TOKEN)) throw new Error('--hec-url needs a token: --hec-token or SPLUNK_HEC_TOKEN');
      if (args.faults) throw new Error('--faults injects faults into the mock; it cannot be used with --hec-url');
      if (args['splunk-down']) throw new Error('--splunk-down plays an outage of the mock; it cannot be used with --hec-url');
    }
    if (args.faults && args['splunk-down']) throw new Error('--faults and --splunk-down exclude each other: with Splunk down there is nothing left to fault');
    return true;
  })
  .strict()
  .help()
  .parse();

const interactive = process.stderr.isTTY && !argv.json;
let lastLine = 0;
const showProgress = (p: PipelineProgress) => {
  const now = Date.now();
  if (now - lastLine < (interactive ? 200 : 2000)) return;
  lastLine = now;
  const s = p.simulator;
  const line = `records put ${s.recordsPut} (+${s.recordsReingested} re-ingested) · invocations ${s.invocations} · batches delivered ${s.batchesDelivered} · retries ${s.deliveryRetries} · backed up ${s.processingFailed + s.recordsSplunkFailed} records`;
  process.stderr.write(interactive ? `\r${line.padEnd(120)}` : `${line}\n`);
};

process.stderr.write(`demo: ${argv.events} events, ${argv['endpoint-type']} endpoint, faults ${argv.faults ? 'on' : 'off'}${argv['splunk-down'] ? ', Splunk down' : ''}, HEC ${argv['hec-url'] ?? 'mock on 127.0.0.1'}\n`);
const summary = await runPipeline({
  events: argv.events,
  endpointType: argv['endpoint-type'],
  faults: argv.faults,
  splunkDown: argv['splunk-down'],
  ...(argv['backup-dir'] ? { backupDir: argv['backup-dir'] } : {}),
  seed: argv.seed,
  ...(argv['hec-url'] ? { hecUrl: argv['hec-url'], hecToken: (argv['hec-token'] ?? process.env.SPLUNK_HEC_TOKEN) as string } : {}),
  onProgress: showProgress,
});
if (interactive) process.stderr.write('\n');

function table(title: string, rows: Record<string, number>): string {
  const entries = Object.entries(rows).sort((a, b) => b[1] - a[1]);
  if (entries.length === 0) return '';
  return `${title}\n${entries.map(([k, v]) => `  ${k.padEnd(34)} ${String(v).padStart(9)}`).join('\n')}\n`;
}

function text(s: PipelineSummary): string {
  const e = s.events;
  const lines = [
    '',
    `Events generated                     ${String(e.generated).padStart(9)}`,
    `  indexed in ${s.target.padEnd(25)} ${String(e.indexed).padStart(9)}`,
    `  in the backup folder only          ${String(e.backedUp).padStart(9)}`,
    `  indexed and also backed up         ${String(e.indexedAndBackedUp).padStart(9)}`,
    `  duplicate copies indexed (retries) ${String(e.duplicated).padStart(9)}`,
    `  LOST                               ${String(e.lost).padStart(9)}`,
    '',
    table('Indexed by sourcetype', s.bySourcetype) + table('Indexed by index', s.byIndex),
    `Firehose: ${s.firehose.recordsPut} records put, ${s.firehose.recordsReingested} re-ingested by the Lambda, ${s.firehose.invocations} invocations,`,
    `          ${s.firehose.ok} Ok, ${s.firehose.dropped} Dropped, ${s.firehose.processingFailed} ProcessingFailed; ${s.firehose.batchesDelivered} batches delivered, ${s.firehose.deliveryRetries} delivery retries, ${s.firehose.recordsSplunkFailed} records to splunk-failed`,
    `Lambda:   ${s.lambda.splitRecords} records split, ${s.lambda.deferredRecords} deferred past the response budget, ${s.lambda.reingestedEntries} entries re-ingested, ${s.lambda.directFlowLogRecords} flow log records straight from VPC flow logs`,
    s.hec ? `HEC:      ${s.hec.requests} requests, responses by code ${JSON.stringify(s.hec.responsesByCode)}, faults ${JSON.stringify(s.hec.faultsInjected)}` : '',
    `Backup:   ${s.backupDir}`,
    `Time:     ${s.seconds.toFixed(1)} s, ${s.eventsPerSecond} events/s end to end`,
    '',
    e.lost === 0 ? 'Every event is accounted for: indexed or in the backup folder.' : `${e.lost} events were LOST, for example:\n  ${e.lostSamples.join('\n  ')}`,
  ];
  return `${lines.filter((l) => l !== '').join('\n').replace(/\n(Indexed by)/g, '\n\n$1')}\n`;
}

process.stdout.write(argv.json ? `${JSON.stringify(summary)}\n` : text(summary));
process.exit(summary.events.lost === 0 ? 0 : 1);
