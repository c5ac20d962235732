#!/usr/bin/env node
import { readFileSync, writeFileSync } from 'node:fs';
import yargs, { type Argv } from 'yargs';
import { hideBin } from 'yargs/helpers';
import { healthcheck } from './cli-healthcheck.js';
import { requestShutdown } from './cli-stop.js';
import { DEFAULT_MAX_EVENT_BYTES, DEFAULT_MAX_EVENTS, DEFAULT_STOP_GRACE_MS, DEFAULT_TOKEN, startHecMock, type HecMock, type HecMockOptions } from './server.js';
import { IMAGE_TOKEN_NAME, SPLUNK_HEC_PORT, SPLUNK_MANAGEMENT_PORT, startSplunkCompat } from './splunk-compat/splunk-compat.js';

/** Every flag can also come from HEC_MOCK_<FLAG> (upper snake case); a flag wins over its variable. */
export const ENV_PREFIX = 'HEC_MOCK';
/** Splunk's HEC port. */
export const DEFAULT_PORT = SPLUNK_HEC_PORT;
/** What the splunk/splunk image reads its admin password and its HEC token from; --splunk-compat reads them too. */
const IMAGE_PASSWORD_VARIABLE = 'SPLUNK_PASSWORD';
const IMAGE_TOKEN_VARIABLE = 'SPLUNK_HEC_TOKEN';
/** On SIGTERM or SIGINT the process exits within this, whatever is still open. */
const EXIT_DEADLINE_MS = 2_000;

/** The fault probabilities the command line sets, flag name to option name. */
const FAULT_FLAGS = {
  'busy-probability': ['busyProbability', 'Fault: 503 Server is busy'],
  'internal-error-probability': ['internalErrorProbability', 'Fault: 500 Internal server error'],
  'drop-probability': ['dropProbability', 'Fault: close the connection unanswered'],
  'gateway-timeout-probability': ['gatewayTimeoutProbability', 'Fault: a load balancer\'s 504 after HEC indexed the request'],
  'detention-probability': ['detentionProbability', 'Fault: the indexer is in detention (404 everywhere)'],
  'restart-probability': ['restartProbability', 'Fault: the indexer restarts (unindexed events and channels lost)'],
  'no-ack-id-probability': ['noAckIdProbability', 'Fault: 200 without an ackId'],
  'ack-never-probability': ['ackNeverProbability', 'Fault: an ack that never turns true (events never indexed)'],
  'other-node-probability': ['otherNodeProbability', 'Fault: an ack query answered by another indexer (all false)'],
  'ack-out-of-order-probability': ['ackOutOfOrderProbability', 'Fault: an ack turns true later than its turn'],
} as const;

/** Adds one number flag per fault probability (their values are read by name below). */
function withFaultFlags<T>(y: Argv<T>): Argv<T> {
  for (const [flag, [, describe]] of Object.entries(FAULT_FLAGS)) y = y.option(flag, { type: 'number', default: 0, describe: `${describe} (probability 0 to 1)` }) as Argv<T>;
  return y;
}

/** A comma-separated variable (HEC_MOCK_TOKEN=a,b) or repeated flags, as one list. */
const commaList = (values: Array<string | number>) => values.flatMap((v) => String(v).split(',')).map((v) => v.trim()).filter(Boolean);
const isLoopback = (host: string) => host === 'localhost' || host === '::1' || host.startsWith('127.');

await yargs(hideBin(process.argv))
  .scriptName('hec-mock')
  .env(ENV_PREFIX)
  .usage(
    '$0 [options]\n\nA Splunk HTTP Event Collector for tests, with indexer acknowledgement, fault injection, an inspection API and a live web view at /__mock/ui. Every flag can also be set as HEC_MOCK_<FLAG> (HEC_MOCK_PORT=8088, HEC_MOCK_TOKEN=a,b, HEC_MOCK_ACK=false); a flag wins over its variable.',
  )
  .command(
    '$0',
    'Serve HEC (the default)',
    (y) =>
      withFaultFlags(y)
        .option('port', { type: 'number', default: DEFAULT_PORT, describe: 'Port to listen on; 0 picks a free one' })
        .option('host', { type: 'string', default: '127.0.0.1', describe: 'Address to bind (the inspection API shows everything indexed)' })
        .option('token', { type: 'string', array: true, default: [DEFAULT_TOKEN], coerce: commaList, describe: 'Accepted HEC token (repeatable, or comma-separated)' })
        .option('ack', { type: 'boolean', default: true, describe: 'Indexer acknowledgement on the tokens (--no-ack turns it off)' })
        .option('ack-delay-ms', { type: 'number', default: 50, describe: 'Time until an ack turns true' })
        .option('allow-query-token', { type: 'boolean', default: false, describe: 'Accept ?token= in the query string' })
        .option('max-events', { type: 'number', default: DEFAULT_MAX_EVENTS, describe: 'The newest events kept in memory (older ones stay counted, and in --jsonl)' })
        .option('jsonl', { type: 'string', describe: 'Also append every indexed event to this JSONL file' })
        .option('latency-ms', { type: 'number', default: 0, describe: 'Fault: delay before every answer' })
        .option('flavor', { choices: ['enterprise', 'cloud'] as const, default: 'enterprise' as const, describe: 'Answer as Splunk Enterprise or Splunk Cloud where they differ' })
        .option('max-content-length', { type: 'number', describe: 'Largest body in bytes (default: Enterprise 838860800, Cloud 5242880)' })
        .option('max-event-bytes', { type: 'number', default: DEFAULT_MAX_EVENT_BYTES, describe: 'Largest single event (maxEventSize)' })
        .option('tls-cert', { type: 'string', describe: 'PEM certificate file: serve HTTPS' })
        .option('tls-key', { type: 'string', describe: 'PEM private key file for --tls-cert' })
        .option('ui', { type: 'boolean', default: true, describe: 'Serve the live web view at /__mock/ui (--no-ui turns it off)' })
        .option('inspect-token', { type: 'string', describe: 'Require this token on every /__mock/* request' })
        .option('splunk-compat', {
          type: 'boolean',
          default: false,
          describe: `Stand in for the splunk/splunk container: HEC over HTTPS on --port and the management API on --management-port, a Splunk-like self-signed chain, admin auth from --admin-password or ${IMAGE_PASSWORD_VARIABLE}, and a token from ${IMAGE_TOKEN_VARIABLE}`,
        })
        .option('management-port', { type: 'number', default: SPLUNK_MANAGEMENT_PORT, describe: 'With --splunk-compat: the management API port; 0 picks a free one' })
        .option('admin-password', { type: 'string', describe: `With --splunk-compat: the admin user's password (default $${IMAGE_PASSWORD_VARIABLE})` })
        .option('tls-ca-out', { type: 'string', describe: 'With --splunk-compat: write the generated CA certificate (PEM) to this file, for clients that trust it' })
        .check((args) => {
          if ((args['tls-cert'] === undefined) !== (args['tls-key'] === undefined)) throw new Error('--tls-cert and --tls-key go together');
          if (args['splunk-compat']) {
            if (!(args['admin-password'] ?? process.env[IMAGE_PASSWORD_VARIABLE])) throw new Error(`--splunk-compat needs the admin password: --admin-password, HEC_MOCK_ADMIN_PASSWORD or ${IMAGE_PASSWORD_VARIABLE} (as the splunk/splunk image reads it)`);
            if (!Number.isInteger(args['management-port']) || args['management-port'] < 0 || args['management-port'] > 65535) throw new Error(`--management-port must be 0 to 65535, not ${args['management-port']}`);
            if (args['tls-ca-out'] !== undefined && args['tls-cert'] !== undefined) throw new Error('--tls-ca-out writes the generated CA: it has none to write with --tls-cert');
          } else {
            for (const flag of ['admin-password', 'tls-ca-out'] as const) if (args[flag] !== undefined) throw new Error(`--${flag} only applies with --splunk-compat`);
          }
          for (const name of Object.keys(FAULT_FLAGS)) {
            const value = (args as Record<string, unknown>)[name] as number;
            if (!(value >= 0 && value <= 1)) throw new Error(`--${name} must be from 0 to 1, not ${value}`);
          }
          if (!Number.isInteger(args.port) || args.port < 0 || args.port > 65535) throw new Error(`--port must be 0 to 65535, not ${args.port}`);
          if (args.token.length === 0) throw new Error('--token needs at least one token');
          return true;
        }),
    async (argv) => {
      const options: HecMockOptions = {
        port: argv.port,
        host: argv.host,
        tokens: argv.token,
        ack: argv.ack,
        ackOptions: { indexingDelayMs: argv['ack-delay-ms'] },
        allowQueryStringToken: argv['allow-query-token'],
        maxEvents: argv['max-events'],
        ...(argv.jsonl ? { jsonlPath: argv.jsonl } : {}),
        faults: {
          ...Object.fromEntries(Object.entries(FAULT_FLAGS).map(([flag, [option]]) => [option, (argv as Record<string, unknown>)[flag] as number])),
          latencyMs: argv['latency-ms'],
        },
        flavor: argv.flavor,
        ...(argv['max-content-length'] !== undefined ? { maxBodyBytes: argv['max-content-length'] } : {}),
        maxEventBytes: argv['max-event-bytes'],
        ...(argv['tls-cert'] && argv['tls-key'] ? { tls: { cert: readFileSync(argv['tls-cert']), key: readFileSync(argv['tls-key']) } } : {}),
        ui: argv.ui,
        ...(argv['inspect-token'] ? { inspectToken: argv['inspect-token'] } : {}),
        onStopped: () => process.exit(0),
      };
      let mock: HecMock;
      let inspectUrl: string;
      if (argv['splunk-compat']) {
        const { port, tls, ...rest } = options;
        // The image's own token (SPLUNK_HEC_TOKEN) has no acknowledgement, as the image makes it.
        const imageToken = process.env[IMAGE_TOKEN_VARIABLE];
        const compat = await startSplunkCompat({
          ...rest,
          tokens: [...(imageToken ? [{ token: imageToken, name: IMAGE_TOKEN_NAME, ack: false }] : []), ...argv.token.filter((t) => t !== imageToken)],
          adminPassword: (argv['admin-password'] ?? process.env[IMAGE_PASSWORD_VARIABLE]) as string,
          hecPort: port as number,
          managementPort: argv['management-port'],
          ...(tls ? { tls } : {}),
        });
        if (argv['tls-ca-out'] && compat.ca) writeFileSync(argv['tls-ca-out'], compat.ca);
        mock = compat.hec;
        inspectUrl = compat.managementUrl;
        console.log(`hec-mock listening on ${mock.url} (splunk-compat: management API on ${compat.managementUrl}, user admin; ack ${argv.ack ? 'on' : 'off'}, tokens: ${argv.token.length + (imageToken && !argv.token.includes(imageToken) ? 1 : 0)})`);
      } else {
        mock = await startHecMock(options);
        inspectUrl = mock.url;
        console.log(`hec-mock listening on ${mock.url} (ack ${argv.ack ? 'on' : 'off'}, tokens: ${argv.token.length})`);
      }
      console.log(`inspect: ${inspectUrl}/__mock/events  ${inspectUrl}/__mock/counts${argv.ui ? `  web view: ${inspectUrl}/__mock/ui` : ''}`);
      if (!isLoopback(argv.host) && !argv['inspect-token']) {
        console.error(`hec-mock: warning: bound to ${argv.host} without --inspect-token: anyone who reaches this port can read every event through /__mock/*`);
      }
      const shutdown = () => {
        setTimeout(() => process.exit(0), EXIT_DEADLINE_MS).unref();
        void mock.stop({ graceMs: DEFAULT_STOP_GRACE_MS });
      };
      process.once('SIGINT', shutdown);
      process.once('SIGTERM', shutdown);
    },
  )
  .command(
    'stop',
    'Stop a running hec-mock as SIGTERM would: it answers what is in flight and exits 0',
    (y) =>
      y
        .option('url', { type: 'string', describe: 'The mock\'s base URL (default http://127.0.0.1:<HEC_MOCK_PORT or 8088>)' })
        .option('inspect-token', { type: 'string', describe: 'The inspection token, if the mock requires one' })
        .option('insecure', { type: 'boolean', default: false, describe: 'Accept a self-signed HTTPS certificate (--splunk-compat)' }),
    async (argv) => {
      const url = argv.url ?? `http://127.0.0.1:${process.env[`${ENV_PREFIX}_PORT`] ?? DEFAULT_PORT}`;
      const answer = await requestShutdown(url, { insecure: argv.insecure, ...(argv['inspect-token'] ? { inspectToken: argv['inspect-token'] } : {}) });
      if (answer !== true) {
        console.error(`hec-mock stop: ${url}: ${answer}`);
        process.exitCode = 1;
      }
    },
  )
  .command(
    'healthcheck',
    'Exit 0 when HEC answers healthy, 1 otherwise (for container health checks without curl)',
    (y) =>
      y
        .option('url', { type: 'string', describe: 'The mock\'s base URL (default http://127.0.0.1:<HEC_MOCK_PORT or 8088>)' })
        .option('wait-ms', { type: 'number', default: 0, describe: 'Keep trying this long before answering unhealthy' })
        .option('insecure', { type: 'boolean', default: false, describe: 'Accept a self-signed HTTPS certificate' }),
    async (argv) => {
      const url = argv.url ?? `http://127.0.0.1:${process.env[`${ENV_PREFIX}_PORT`] ?? DEFAULT_PORT}`;
      process.exitCode = (await healthcheck(url, { waitMs: argv['wait-ms'], insecure: argv.insecure, log: (line) => console.error(line) })) ? 0 : 1;
    },
  )
  .strict()
  .help()
  .parseAsync();
