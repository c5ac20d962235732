import { expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { auth, newChannel, post, TOKEN } from './helpers.js';

const bin = fileURLToPath(new URL('../bin/hec-mock.mjs', import.meta.url));

it('starts on a free port, prints its URL and serves HEC until stopped', async () => {
  const child = spawn(process.execPath, [bin, '--port', '0', '--token', TOKEN, '--ack-delay-ms', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
        if (match) resolve(match[1]!);
      });
      child.once('exit', (code) => reject(new Error(`hec-mock exited with ${code}: ${out}`)));
    });
    const response = await post(`${url}/services/collector/event?channel=${newChannel()}`, '{"event":"cli"}', auth(TOKEN));
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
  const child = spawn(
    process.execPath,
    [bin, '--port', '0', '--token', TOKEN, '--no-ack', '--tls-cert', fixture('localhost-cert.pem'), '--tls-key', fixture('localhost-key.pem')],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const match = /listening on (https:\/\/127\.0\.0\.1:\d+)/.exec(out);
        if (match) resolve(match[1]!);
      });
      child.once('exit', (code) => reject(new Error(`hec-mock exited with ${code}: ${out}`)));
    });
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
