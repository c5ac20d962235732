import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { request } from 'node:https';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { basic, call, PASSWORD } from './splunkd-call.js';

/**
 * What a suite written for the splunk/splunk container does, against `hec-mock --splunk-compat`
 * started as a CI job starts it: the built bin, SPLUNK_PASSWORD in the environment.
 */
const bin = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const require = createRequire(import.meta.url);
const SplunkLogger = require('splunk-logging').Logger as new (config: Record<string, unknown>) => {
  send(payload: Record<string, unknown>, callback: (error: Error | undefined, response: unknown, body: unknown) => void): void;
  error: (error: Error) => void;
};

// A second HEC client from npm: splunk-events (CommonJS, its class as the default export).
const splunkEventsModule = require('splunk-events') as { default?: unknown };
const SplunkEvents = (splunkEventsModule.default ?? splunkEventsModule) as new () => {
  config(config: Record<string, unknown>): void;
  logEvent(level: string, type: string, workflowType: string, workflowInstance: string, data: Record<string, unknown>): void;
};

let child: ChildProcess;
let hec: string;
let api: string;
let readyMs: number;
const caFile = join(mkdtempSync(join(tmpdir(), 'hec-mock-ca-')), 'splunk-ca.pem');
const admin = basic();

beforeAll(async () => {
  const started = performance.now();
  child = spawn(process.execPath, [bin, '--splunk-compat', '--port', '0', '--management-port', '0', '--tls-ca-out', caFile], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, SPLUNK_PASSWORD: PASSWORD } });
  [hec, api] = await new Promise<[string, string]>((resolve, reject) => {
    let out = '';
    // Its stderr goes into the failure message too: an exit at start-up says why.
    child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening on (https:\/\/127\.0\.0\.1:\d+) \(splunk-compat: management API on (https:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (match) resolve([match[1]!, match[2]!]);
    });
    child.once('exit', (code) => reject(new Error(`hec-mock exited with ${code}: ${out}`)));
  });
  readyMs = performance.now() - started;
});
afterAll(() => {
  if (child.exitCode === null) child.kill('SIGTERM');
});

function sendWithSplunkLogging(token: string, message: string): Promise<unknown> {
  const logger = new SplunkLogger({ token, url: hec, maxBatchCount: 1 });
  logger.error = () => undefined;
  return new Promise((resolve, reject) => logger.send({ message, metadata: { sourcetype: 'ci:logging', index: 'main' } }, (error, _response, body) => (error ? reject(error) : resolve(body))));
}

/** splunk-events posts with fetch; in Node a suite gives it a request function that accepts the self-signed chain, as curl -k does. */
function insecureRequest(context: { url: string; method?: string; headers?: unknown; data: unknown }): Promise<Response> {
  return new Promise((resolve, reject) => {
    const req = request(context.url, { method: context.method ?? 'POST', headers: context.headers as Record<string, string>, rejectUnauthorized: false, agent: false }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve(new Response(text, { status: res.statusCode as number })));
    });
    req.on('error', reject);
    req.end(context.data as string);
  });
}

describe('a suite written for the splunk/splunk container, unmodified but for the URLs', () => {
  it('is ready in a fraction of a second', () => {
    // Recorded, not asserted: the bench (scripts/bench-startup.mjs) compares it with node -e 0.
    console.info(`hec-mock --splunk-compat ready after ${readyMs.toFixed(0)} ms (the splunk/splunk image: one to two minutes)`);
    expect(readyMs).toBeGreaterThan(0);
  });

  it('fails strict TLS as against a fresh Splunk: the chain is self-signed, and the trusted CA does not name the host', async () => {
    const strict = (tls: Record<string, unknown>) =>
      new Promise<string>((resolve) => {
        const req = request(`${api}/services/server/info`, { agent: false, ...tls }, (res) => resolve(`answered ${res.statusCode}`));
        req.on('error', (error: NodeJS.ErrnoException) => resolve(error.code as string));
        req.end();
      });
    expect(await strict({})).toBe('SELF_SIGNED_CERT_IN_CHAIN');
    expect(await strict({ ca: readFileSync(caFile) })).toBe('ERR_TLS_CERT_ALTNAME_INVALID');
    expect(await strict({ ca: readFileSync(caFile), servername: 'SplunkServerDefaultCert' })).toBe('answered 401');
  });

  it('enables HEC, creates a token, sends with splunk-logging and splunk-events, finds the events with a search, deletes the token', async () => {
    expect((await call('POST', `${api}/servicesNS/admin/splunk_httpinput/data/inputs/http/http/enable?output_mode=json`, { auth: admin })).status).toBe(200);
    const created = await call('POST', `${api}/servicesNS/admin/splunk_httpinput/data/inputs/http?output_mode=json`, { auth: admin, form: { name: 'splunk-logging-ci', useACK: '0' } });
    expect(created.status).toBe(201);
    const token = created.json().entry[0].content.token as string;

    expect(await sendWithSplunkLogging(token, 'from splunk-logging')).toEqual({ text: 'Success', code: 0 });

    const events = new SplunkEvents();
    // splunk-events writes its `source` option as the sourcetype, and the event as key="value" text.
    events.config({ token, endpoint: hec, source: 'ci:events', debounceTime: 0, injectAdditionalInfo: false, request: insecureRequest });
    events.logEvent('info', 'ci', 'workflow', 'instance', { note: 'from splunk-events' });
    // It flushes on a timer: wait for the mock to have both events (the wait API, through the management port).
    const waited = await call('GET', `${api}/__mock/events?q=from&min=2&wait=5000`);
    expect(waited.json().timedOut).toBe(false);

    const exported = await call('POST', `${api}/services/search/jobs/export`, { auth: admin, form: { search: 'search index=main from', output_mode: 'json', earliest_time: '-5m' } });
    const raws = exported.text.trim().split('\n').map((line) => JSON.parse(line).result._raw as string);
    expect(raws).toHaveLength(2);
    expect(raws.some((r) => r.includes('from splunk-logging'))).toBe(true);
    expect(raws.some((r) => r.includes('from splunk-events'))).toBe(true);
    const bySource = await call('POST', `${api}/services/search/jobs?output_mode=json`, { auth: admin, form: { search: 'search index=main sourcetype=ci:events | stats count', exec_mode: 'oneshot' } });
    expect(bySource.json().results).toEqual([{ count: '1' }]);

    expect((await call('DELETE', `${api}/servicesNS/admin/splunk_httpinput/data/inputs/http/splunk-logging-ci`, { auth: admin })).status).toBe(200);
    expect(await sendWithSplunkLogging(token, 'after delete')).toEqual({ text: 'Invalid token', code: 4 });
  });

  it('stops on `hec-mock stop --insecure` against its HTTPS port, exiting 0', async () => {
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    const stop = spawn(process.execPath, [bin, 'stop', '--url', hec, '--insecure'], { stdio: 'inherit' });
    expect(await new Promise((resolve) => stop.once('exit', resolve))).toBe(0);
    expect(await exited).toBe(0);
  });
});

it('refuses --splunk-compat without an admin password, before listening', async () => {
  const env = { ...process.env };
  delete env.SPLUNK_PASSWORD;
  delete env.HEC_MOCK_ADMIN_PASSWORD;
  const refused = spawn(process.execPath, [bin, '--splunk-compat', '--port', '0', '--management-port', '0'], { stdio: ['ignore', 'pipe', 'pipe'], env });
  let err = '';
  refused.stderr!.on('data', (c: Buffer) => (err += c.toString()));
  expect(await new Promise((resolve) => refused.once('exit', resolve))).not.toBe(0);
  expect(err).toContain('SPLUNK_PASSWORD');
});
