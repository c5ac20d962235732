import { describe, expect, it } from '@jest/globals';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { auth, post, TOKEN } from './helpers.js';

const bin = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const OTHER = '22222222-3333-4444-5555-666666666666';

/** Starts the bin with these args and environment; resolves with the URL of its ready line. */
function start(args: string[], env: Record<string, string> = {}): { child: ChildProcess; url: Promise<string>; output: () => string } {
  const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: process.env.PATH ?? '', ...env } });
  let out = '';
  child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  const url = new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const match = /listening on (https?:\/\/[^ ]+)/.exec(out);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`hec-mock exited with ${code}: ${out}`)));
  });
  return { child, url, output: () => out };
}

const exited = (child: ChildProcess) => new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

describe('configuration from HEC_MOCK_* variables', () => {
  it('reads port, tokens (comma-separated), ack and ack delay from the environment', async () => {
    const { child, url } = start([], { HEC_MOCK_PORT: '0', HEC_MOCK_TOKEN: `${TOKEN},${OTHER}`, HEC_MOCK_ACK: 'false', HEC_MOCK_ACK_DELAY_MS: '5' });
    try {
      const base = await url;
      // No ack: a request without a channel succeeds, with no ackId; both tokens work.
      expect((await post(`${base}/services/collector/event`, '{"event":1}', auth(TOKEN))).body).toEqual({ text: 'Success', code: 0 });
      expect((await post(`${base}/services/collector/event`, '{"event":2}', auth(OTHER))).body).toEqual({ text: 'Success', code: 0 });
    } finally {
      child.kill('SIGTERM');
      await exited(child);
    }
  });

  it('a flag wins over its variable', async () => {
    const { child, url } = start(['--ack'], { HEC_MOCK_PORT: '0', HEC_MOCK_TOKEN: TOKEN, HEC_MOCK_ACK: 'false' });
    try {
      const answer = await post(`${await url}/services/collector/event`, '{"event":1}', auth(TOKEN));
      expect(answer.body).toEqual({ text: 'Data channel is missing', code: 10 });
    } finally {
      child.kill('SIGTERM');
      await exited(child);
    }
  });

  it('HEC_MOCK_UI=false turns the web view off (404), as --no-ui does', async () => {
    for (const [args, env] of [[['--no-ui'], {}], [[], { HEC_MOCK_UI: 'false' }]] as const) {
      const { child, url } = start(['--port', '0', ...args], env);
      try {
        const base = await url;
        expect((await fetch(`${base}/__mock/ui`)).status).toBe(404);
        expect((await fetch(`${base}/__mock/ui/app.js`)).status).toBe(404);
      } finally {
        child.kill('SIGTERM');
        await exited(child);
      }
    }
  });

  it('with --inspect-token, /__mock/* answers 401 without it and 200 with it', async () => {
    const { child, url } = start(['--port', '0', '--inspect-token', 's3cret']);
    try {
      const base = await url;
      expect((await fetch(`${base}/__mock/counts`)).status).toBe(401);
      expect((await fetch(`${base}/__mock/counts`, { headers: { 'X-HEC-Mock-Token': 's3cret' } })).status).toBe(200);
      expect((await fetch(`${base}/__mock/counts?inspect_token=s3cret`)).status).toBe(200);
      expect((await fetch(`${base}/services/collector/health`)).status).toBe(200);
    } finally {
      child.kill('SIGTERM');
      await exited(child);
    }
  });
});

describe('stopping', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)('on %s it answers the request in flight, flushes --jsonl and exits 0 within 2 s', async (signal) => {
    const jsonl = join(mkdtempSync(join(tmpdir(), 'hec-mock-stop-')), 'events.jsonl');
    const { child, url } = start(['--port', '0', '--token', TOKEN, '--no-ack', '--latency-ms', '400', '--jsonl', jsonl]);
    const base = await url;
    const inFlight = post(`${base}/services/collector/event`, '{"event":"in flight"}', auth(TOKEN));
    await new Promise((r) => setTimeout(r, 100));
    const signalled = Date.now();
    const code = exited(child);
    child.kill(signal);
    expect(await inFlight).toEqual({ status: 200, body: { text: 'Success', code: 0 } });
    expect(await code).toBe(0);
    expect(Date.now() - signalled).toBeLessThan(2000);
    expect(readFileSync(jsonl, 'utf8').trim().split('\n').map((l) => JSON.parse(l).event)).toEqual(['in flight']);
    // It no longer accepts connections.
    await expect(fetch(`${base}/services/collector/health`)).rejects.toThrow();
  });

  it('hec-mock stop asks a running mock to stop the same way', async () => {
    const { child, url } = start(['--port', '0']);
    const base = await url;
    const code = exited(child);
    const stop = spawnSync(process.execPath, [bin, 'stop', '--url', base], { encoding: 'utf8' });
    expect(stop.status).toBe(0);
    expect(await code).toBe(0);
  });
});

describe('hec-mock healthcheck', () => {
  it('exits 0 for a healthy mock, 1 for a busy one or none, and can wait for one to start', async () => {
    const { child, url } = start(['--port', '0']);
    try {
      const base = await url;
      expect(spawnSync(process.execPath, [bin, 'healthcheck', '--url', base]).status).toBe(0);
      await fetch(`${base}/__mock/faults`, { method: 'POST', body: JSON.stringify({ busyProbability: 1 }) });
      const busy = spawnSync(process.execPath, [bin, 'healthcheck', '--url', base], { encoding: 'utf8' });
      expect(busy.status).toBe(1);
      expect(busy.stderr).toContain('answered 503');
    } finally {
      child.kill('SIGTERM');
      await exited(child);
    }
    expect(spawnSync(process.execPath, [bin, 'healthcheck', '--url', 'http://127.0.0.1:9']).status).toBe(1);
  });

  it('--wait-ms keeps asking until the mock is up', async () => {
    const port = 20000 + Math.floor(Math.random() * 20000);
    const check = spawn(process.execPath, [bin, 'healthcheck', '--url', `http://127.0.0.1:${port}`, '--wait-ms', '8000']);
    const checked = exited(check);
    await new Promise((r) => setTimeout(r, 600));
    const { child, url } = start(['--port', String(port)]);
    try {
      await url;
      expect(await checked).toBe(0);
    } finally {
      child.kill('SIGTERM');
      await exited(child);
    }
  });
});
