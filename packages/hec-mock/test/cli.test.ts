import { expect, it } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { auth, newChannel, post, TOKEN } from './helpers.js';

const bin = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

/** Starts the bin and resolves with the URL it prints; the caller kills the child. */
function startCli(args: string[], protocol: 'http' | 'https' = 'http'): { child: ChildProcess; url: Promise<string> } {
  const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const url = new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = new RegExp(`listening on (${protocol}://127\\.0\\.0\\.1:\\d+)`).exec(out);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`hec-mock exited with ${code}: ${out}`)));
  });
  return { child, url };
}

it('starts on a free port, prints its URL and serves HEC until stopped', async () => {
  const { child, url } = startCli(['--port', '0', '--token', TOKEN, '--ack-delay-ms', '0']);
  try {
    const response = await post(`${await url}/services/collector/event?channel=${newChannel()}`, '{"event":"cli"}', auth(TOKEN));
    expect(response.body).toEqual({ text: 'Success', code: 0, ackId: 0 });
  } finally {
    child.kill('SIGTERM');
  }
});

it('fails on a bad flag with a message that says what is wrong', async () => {
  const child = spawn(process.execPath, [bin, '--busy-probability', '2'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  expect(code).not.toBe(0);
  expect(err).toContain('--busy-probability must be from 0 to 1, not 2');
});

it('serves HTTPS with --tls-cert and --tls-key', async () => {
  const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
  const started = startCli(['--port', '0', '--token', TOKEN, '--no-ack', '--tls-cert', fixture('localhost-cert.pem'), '--tls-key', fixture('localhost-key.pem')], 'https');
  const child = started.child;
  try {
    const url = await started.url;
    const { request } = await import('node:https');
    const ca = (await import('node:fs')).readFileSync(fixture('localhost-cert.pem'));
    const body = await new Promise<string>((resolve, reject) => {
      const req = request(`${url}/services/collector/event`, { method: 'POST', ca, headers: { Authorization: `Splunk ${TOKEN}` } }, (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve(text));
      });
      req.on('error', reject);
      req.end('{"event":"over tls"}');
    });
    expect(JSON.parse(body)).toEqual({ text: 'Success', code: 0 });
  } finally {
    child.kill('SIGTERM');
  }
});
