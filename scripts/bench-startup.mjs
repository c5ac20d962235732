// `pnpm bench` (last step): how long the command lines take to start, as ratios against a
// bare `node -e 0` measured in the same run, interleaved, so a noisy machine moves all of
// them alike. Targets (issue #10): `firehose-splunk --help` at most 3x, `hec-mock` printing
// its ready line at most 4x.
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const ROUNDS = process.argv.includes('--quick') ? 7 : 21;

const timeSync = (args) => {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  if (result.status !== 0) throw new Error(`${args.join(' ')} failed: ${result.stderr}`);
  return Number(process.hrtime.bigint() - started) / 1e6;
};

/** Milliseconds from spawn to the ready line on stdout. */
const timeReady = (args, ready, env = {}) =>
  new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      if (ready.test(out)) {
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        child.kill('SIGTERM');
        child.once('exit', () => resolve(ms));
      }
    });
    child.once('error', reject);
  });

const cases = {
  'node -e 0': () => timeSync(['-e', '0']),
  'firehose-splunk --help': () => timeSync(['packages/setup-cli/dist/cli.js', '--help']),
  'firehose-splunk plan --offline': () =>
    timeSync(['packages/setup-cli/dist/cli.js', 'plan', '--offline', '--account-id', '111122223333', '--region', 'eu-west-1', '--hec-url', 'https://hec.example.com', '--vpc-id', 'vpc-0a1b2c3d']),
  'hec-mock (to its ready line)': () => timeReady(['packages/hec-mock/dist/cli.js', '--port', '0'], /listening on/),
  // Both HTTPS ports, two RSA 2048 keys generated and the chain signed (issue #15).
  'hec-mock --splunk-compat (to its ready line)': () =>
    timeReady(['packages/hec-mock/dist/cli.js', '--splunk-compat', '--port', '0', '--management-port', '0'], /listening on/, { SPLUNK_PASSWORD: 'bench-password' }),
};
const targets = { 'firehose-splunk --help': 3, 'hec-mock (to its ready line)': 4 };

const samples = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, measure] of Object.entries(cases)) samples[name].push(await measure());
}
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const base = median(samples['node -e 0']);
console.log(`\nstart-up, Node ${process.version}: median of ${ROUNDS} interleaved runs each\n`);
console.log('| command | median ms | x node -e 0 | target |');
console.log('| --- | ---: | ---: | ---: |');
for (const name of Object.keys(cases)) {
  const ms = median(samples[name]);
  const target = targets[name] ? `<= ${targets[name]}x ${ms / base <= targets[name] ? 'met' : 'MISSED'}` : '';
  console.log(`| \`${name}\` | ${ms.toFixed(1)} | ${(ms / base).toFixed(2)} | ${target} |`);
}
