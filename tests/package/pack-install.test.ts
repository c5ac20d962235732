// The packages as a user gets them: `pnpm pack` each publishable package, `npm install` the
// tarballs into an empty folder with plain npm (no pnpm, no workspace), and use them there:
// the bins, the imports, the type declarations, and setup-cli finding the Lambda zip through
// its dependency. Needs the npm registry for the packages' own dependencies.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync, spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const PUBLISHED = ['hec-mock', 'transform-lambda', 'setup-cli', 'firehose-simulator'];
const HEC_TOKEN = '3f0c2c9e-59a5-4a0e-9c0e-2b7d8f1e6a11';

let work: string;
let app: string;
const tarballs: Record<string, string> = {};

/** pnpm as the workspace runs it: the one running this lane, or pnpm 10 through npx. */
function pnpm(args: string[], cwd: string): string {
  const execpath = process.env.npm_execpath;
  const [command, prefix] = execpath && /pnpm/.test(execpath) ? [process.execPath, [execpath]] : ['npx', ['-y', 'pnpm@10']];
  return execFileSync(command, [...prefix, ...args], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function run(command: string, args: string[], options: { env?: Record<string, string>; timeout?: number } = {}): SpawnSyncReturns<string> {
  return spawnSync(command, args, {
    cwd: app,
    encoding: 'utf8',
    timeout: options.timeout ?? 120_000,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? app, AWS_EC2_METADATA_DISABLED: 'true', ...options.env },
  });
}

function node(script: string, env: Record<string, string> = {}): SpawnSyncReturns<string> {
  return run(process.execPath, ['--input-type=module', '-e', script], { env });
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'firehose-splunk-pack-'));
  for (const name of PUBLISHED) {
    pnpm(['pack', '--pack-destination', work], join(repo, 'packages', name));
  }
  for (const file of readdirSync(work)) {
    const match = /^firehose-splunk-(.+)-\d+\.\d+\.\d+\.tgz$/.exec(file);
    if (match) tarballs[match[1] as string] = join(work, file);
  }
  app = join(work, 'app');
  execFileSync('mkdir', ['-p', app]);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'pack-install-check', private: true, type: 'module' }));
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...PUBLISHED.map((n) => tarballs[n] as string), 'typescript@~5.9.3', '@types/node@^20.19.0'], {
    cwd: app,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}, 600_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('tarballs', () => {
  it.each(PUBLISHED)('%s publishes compiled JavaScript, declarations and its README, and no sources or tests', (name) => {
    const listing = execFileSync('tar', ['-tzf', tarballs[name] as string], { encoding: 'utf8' }).split('\n').filter(Boolean);
    expect(listing).toContain('package/package.json');
    expect(listing).toContain('package/README.md');
    expect(listing).toContain('package/dist/index.js');
    expect(listing).toContain('package/dist/index.d.ts');
    expect(listing.filter((f) => /^package\/(src|test|bench|scripts)\//.test(f) || (f.endsWith('.ts') && !f.endsWith('.d.ts')))).toEqual([]);
  });

  it.each(PUBLISHED)('%s depends on no workspace version and not on the private internal package', (name) => {
    const dir = join(app, 'node_modules', '@firehose-splunk', name);
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Record<string, Record<string, string> | undefined>;
    // What npm installs for a user: devDependencies are the package's own business.
    const installed = { ...manifest.dependencies, ...manifest.optionalDependencies, ...manifest.peerDependencies };
    expect(Object.values(installed).filter((v) => v.startsWith('workspace:'))).toEqual([]);
    expect(Object.keys(installed)).not.toContain('@firehose-splunk/internal');
    const dist = readdirSync(join(dir, 'dist'), { recursive: true }) as string[];
    for (const file of dist.filter((f) => f.endsWith('.js') || f.endsWith('.d.ts'))) {
      expect(readFileSync(join(dir, 'dist', file), 'utf8')).not.toContain('@firehose-splunk/internal');
    }
  });
});

describe('installed with plain npm', () => {
  it('npx firehose-splunk plan --offline renders the plan without credentials', () => {
    const result = run('npx', ['firehose-splunk', 'plan', '--offline', '--account-id', '111122223333', '--region', 'eu-west-1', '--hec-url', 'https://hec.example.com:443', '--vpc-id', 'vpc-0a1b2c3d', '--output', 'json']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const plan = JSON.parse(result.stdout) as { resources: Array<{ type: string }> };
    expect(plan.resources.map((r) => r.type)).toContain('firehose-delivery-stream');
  });

  it('npx firehose-splunk --help answers and a bad flag fails with its code', () => {
    expect(run('npx', ['firehose-splunk', '--help']).stdout).toContain('firehose-splunk <command>');
    const bad = run('npx', ['firehose-splunk', 'plan', '--offline', '--account-id', '1', '--region', 'eu-west-1', '--hec-url', 'https://h.example.com']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('INVALID_SETTINGS');
  });

  it('npx hec-mock starts and prints its ready line', async () => {
    // Its own process group: npx does not pass SIGTERM on to the node process it starts.
    const child = spawn('npx', ['hec-mock', '--port', '0', '--token', HEC_TOKEN], { cwd: app, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    try {
      const url = await new Promise<string>((resolveUrl, reject) => {
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
          if (match) resolveUrl(match[1] as string);
        });
        child.once('exit', (code) => reject(new Error(`hec-mock exited with ${code}: ${out}`)));
      });
      const health = await fetch(`${url}/services/collector/health`, { headers: { Connection: 'close' } });
      expect(await health.json()).toEqual({ text: 'HEC is healthy', code: 17 });
    } finally {
      const exited = new Promise((done) => child.once('exit', done));
      process.kill(-child.pid!, 'SIGTERM');
      await exited;
    }
  });

  it('imports handler, createHandler and startHecMock, and they work together', () => {
    const script = `
      import { handler, createHandler } from '@firehose-splunk/transform-lambda';
      import { startHecMock } from '@firehose-splunk/hec-mock';
      import { gzipSync } from 'node:zlib';
      if (typeof handler !== 'function' || typeof createHandler !== 'function') throw new Error('missing exports');
      const payload = { messageType: 'DATA_MESSAGE', owner: '111122223333', logGroup: '/app', logStream: 's', subscriptionFilters: ['f'],
        logEvents: [{ id: '1', timestamp: 1700000000000, message: 'installed' }] };
      const response = await handler({ invocationId: 'i', region: 'eu-west-1',
        deliveryStreamArn: 'arn:aws:firehose:eu-west-1:111122223333:deliverystream/s',
        records: [{ recordId: 'r', data: gzipSync(JSON.stringify(payload)).toString('base64') }] }, { awsRequestId: 'x' });
      const hec = await startHecMock({ tokens: ['${HEC_TOKEN}'], ack: false });
      const answer = await fetch(hec.url + '/services/collector/event', { method: 'POST', headers: { Authorization: 'Splunk ${HEC_TOKEN}' },
        body: Buffer.from(response.records[0].data, 'base64') });
      process.stderr.write(JSON.stringify({ answer: await answer.json(), events: hec.events().map((e) => e.event) }));
      await hec.stop();`;
    const result = node(script, { METRICS_ENABLED: 'false' });
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stderr)).toEqual({ answer: { text: 'Success', code: 0 }, events: ['installed'] });
  });

  it('setup-cli finds the Lambda zip through its dependency on transform-lambda', () => {
    const result = node(`import { lambdaZipPath, readLambdaZip } from '@firehose-splunk/setup-cli';
      process.stdout.write(JSON.stringify({ path: lambdaZipPath(), magic: readLambdaZip().subarray(0, 2).toString() }));`);
    expect(result.status).toBe(0);
    const found = JSON.parse(result.stdout) as { path: string; magic: string };
    expect(found.path).toBe(join(app, 'node_modules/@firehose-splunk/transform-lambda/dist/lambda/transform-lambda.zip'));
    expect(found.magic).toBe('PK');
  });

  it('the demo runs from the installed firehose-simulator and accounts for every event', () => {
    const result = run('npx', ['firehose-splunk-demo', '--events', '1500', '--json']);
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout).events).toMatchObject({ generated: 1500, indexed: 1500, lost: 0 });
  });

  it("hec-mock's README CI recipe runs as written: start, wait, test, counts, stop", () => {
    const readme = readFileSync(join(repo, 'packages/hec-mock/README.md'), 'utf8');
    const recipe = /<!-- ci-recipe:start -->\n```sh\n([\s\S]*?)```\n<!-- ci-recipe:end -->/.exec(readme)?.[1];
    expect(recipe).toBeDefined();
    // `npm test` in the recipe stands for the user's tests: here, one event to the mock.
    const manifest = JSON.parse(readFileSync(join(app, 'package.json'), 'utf8')) as Record<string, unknown>;
    const send = `fetch('http://127.0.0.1:8088/services/collector/event',{method:'POST',headers:{Authorization:'Splunk 00000000-0000-0000-0000-000000000000','X-Splunk-Request-Channel':'${'1'.repeat(8)}-2222-3333-4444-${'5'.repeat(12)}'},body:JSON.stringify({event:'from the recipe',sourcetype:'ci'})}).then(r=>r.json()).then(a=>{if(a.code!==0)process.exit(1)})`;
    writeFileSync(join(app, 'package.json'), JSON.stringify({ ...manifest, scripts: { test: `node -e "${send}"` } }));
    const result = run('bash', ['-euo', 'pipefail', '-c', recipe as string], { timeout: 60_000 });
    expect(result.stderr).not.toContain('Error');
    expect(result.status).toBe(0);
    const counts = JSON.parse(result.stdout.trim().split('\n').filter((l) => l.startsWith('{')).pop() as string) as { eventsIndexed: number; bySourcetype: Record<string, number> };
    expect(counts).toMatchObject({ eventsIndexed: 1, bySourcetype: { ci: 1 } });
    expect(readFileSync(join(app, 'hec-events.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l).event)).toEqual(['from the recipe']);
    // Nothing is left listening.
    expect(run('npx', ['hec-mock', 'healthcheck']).status).toBe(1);
  });

  it("hec-mock's README splunk/splunk replacement runs as written: a suite creates a token over REST, sends, and finds the event with a search", () => {
    const readme = readFileSync(join(repo, 'packages/hec-mock/README.md'), 'utf8');
    const block = /<!-- compat-recipe:start -->\n```yaml\n([\s\S]*?)```\n<!-- compat-recipe:end -->/.exec(readme)?.[1];
    expect(block).toBeDefined();
    const lines = (block as string).split('\n');
    const at = lines.findIndex((l) => l.trim() === 'run: |');
    const indent = /^\s*/.exec(lines[at + 1] as string)?.[0] ?? '';
    const script = lines.slice(at + 1).filter((l) => l.startsWith(indent)).map((l) => l.slice(indent.length)).join('\n');
    const password = /SPLUNK_PASSWORD: (.+)/.exec(block as string)?.[1]?.trim() as string;
    // `npm test` stands for a suite written for the container: token over REST, send, search.
    writeFileSync(
      join(app, 'compat-suite.mjs'),
      `import { request } from 'node:https';
const call = (method, url, body, auth) => new Promise((resolve, reject) => {
  const req = request(url, { method, rejectUnauthorized: false, agent: false, headers: { Authorization: auth, 'Content-Type': 'application/x-www-form-urlencoded' } }, (res) => {
    let text = ''; res.on('data', (c) => (text += c)); res.on('end', () => resolve({ status: res.statusCode, text }));
  });
  req.on('error', reject); req.end(body);
});
const admin = 'Basic ' + Buffer.from('admin:' + process.env.SPLUNK_PASSWORD).toString('base64');
const created = await call('POST', 'https://127.0.0.1:8089/servicesNS/admin/splunk_httpinput/data/inputs/http?output_mode=json', 'name=recipe', admin);
const token = JSON.parse(created.text).entry[0].content.token;
const sent = await call('POST', 'https://127.0.0.1:8088/services/collector/event', JSON.stringify({ event: 'from the compat recipe' }), 'Splunk ' + token);
const found = await call('POST', 'https://127.0.0.1:8089/services/search/jobs/export', 'output_mode=json&search=' + encodeURIComponent('search index=main "compat recipe"'), admin);
console.log(JSON.stringify({ created: created.status, sent: sent.status, found: found.text.trim().split('\\n').map((l) => JSON.parse(l).result._raw) }));
`,
    );
    const manifest = JSON.parse(readFileSync(join(app, 'package.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(join(app, 'package.json'), JSON.stringify({ ...manifest, scripts: { test: 'node compat-suite.mjs' } }));
    const result = run('bash', ['-euo', 'pipefail', '-c', script], { timeout: 60_000, env: { SPLUNK_PASSWORD: password } });
    expect(result.status).toBe(0);
    const outcome = JSON.parse(result.stdout.trim().split('\n').filter((l) => l.startsWith('{')).pop() as string) as Record<string, unknown>;
    expect(outcome).toEqual({ created: 201, sent: 200, found: ['from the compat recipe'] });
    expect(run('npx', ['hec-mock', 'healthcheck', '--url', 'https://127.0.0.1:8088', '--insecure']).status).toBe(1);
  });

  it('the type declarations compile in a strict TypeScript project', () => {
    writeFileSync(
      join(app, 'check.ts'),
      `import { createHandler, loadConfig, ConfigError, type FirehoseTransformationEvent, type InvocationSummary } from '@firehose-splunk/transform-lambda';
import { loadConfig as loadLight } from '@firehose-splunk/transform-lambda/config';
import { startHecMock, startSplunkCompat, SPL_SUBSET, type HecMock, type IndexedEvent, type SplunkCompat } from '@firehose-splunk/hec-mock';
import { HecMockClient } from '@firehose-splunk/hec-mock/client';
import { validateSettings, desiredState, lambdaZipPath, StepError } from '@firehose-splunk/setup-cli';
import { FirehoseSimulator, runPipeline, type SplunkDestination } from '@firehose-splunk/firehose-simulator';
const handler = createHandler({ config: loadConfig({ HEC_ENDPOINT_TYPE: 'Raw' }) });
const event: FirehoseTransformationEvent = { invocationId: 'i', region: 'eu-west-1', records: [] };
const summary: Partial<InvocationSummary> = { recordsIn: 1 };
const error: ConfigError | StepError | undefined = undefined;
const destination: SplunkDestination = { hecUrl: 'http://127.0.0.1:1', hecToken: 't', hecEndpointType: 'Event', ackTimeoutMs: 1, retryDurationMs: 1, ackPollIntervalMs: 1 };
async function use(mock: HecMock): Promise<IndexedEvent[]> { await handler(event); return mock.events(); }
async function compat(): Promise<string> { const c: SplunkCompat = await startSplunkCompat({ adminPassword: 'p' }); await c.stop(); return c.managementUrl + SPL_SUBSET; }
void [use, compat, HecMockClient, startHecMock, validateSettings, desiredState, lambdaZipPath, FirehoseSimulator, runPipeline, loadLight, summary, error, destination];
`,
    );
    writeFileSync(
      join(app, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { strict: true, module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', noEmit: true, types: ['node'] }, files: ['check.ts'] }),
    );
    const result = run(process.execPath, [join(app, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json']);
    expect(result.stdout + result.stderr).toBe('');
    expect(result.status).toBe(0);
  });
});
