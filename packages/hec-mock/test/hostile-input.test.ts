// The mock under abuse, each attack on loopback and bounded in time, against the compiled
// command line in its own process: afterwards health answers fast, a normal event is indexed
// and visible, and the process's peak memory stayed under a stated bound.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { auth, TOKEN } from './helpers.js';

/** The mock's peak resident memory across every attack here, in MB (it starts near 60). */
const PEAK_RSS_BOUND_MB = 512;
/** How fast health must answer after an attack. */
const HEALTHY_WITHIN_MS = 1_000;

const bin = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
let child: ChildProcess;
let base: string;
let port: number;

beforeAll(async () => {
  child = spawn(process.execPath, [bin, '--port', '0', '--token', TOKEN, '--ack-delay-ms', '1'], { stdio: ['ignore', 'pipe', 'inherit'] });
  base = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (c: Buffer) => {
      const match = /listening on (http:\/\/[^ ]+)/.exec(c.toString());
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`hec-mock exited with ${code}`)));
  });
  port = Number(new URL(base).port);
});

afterAll(() => {
  child?.kill('SIGTERM');
});

/** Resident memory of the mock's process now, and its peak, in MB (Linux). */
function memory(): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

/** After an attack: health fast, a normal event indexed and visible, memory under the bound. */
async function stillServing(label: string): Promise<void> {
  const started = Date.now();
  const health = await fetch(`${base}/services/collector/health`, { signal: AbortSignal.timeout(5000) });
  expect([label, health.status, Date.now() - started < HEALTHY_WITHIN_MS]).toEqual([label, 200, true]);
  const marker = `after ${label} ${randomUUID()}`;
  const channel = randomUUID();
  const sent = await fetch(`${base}/services/collector/event`, { method: 'POST', body: JSON.stringify({ event: marker, sourcetype: 'canary' }), headers: { ...auth(TOKEN), 'X-Splunk-Request-Channel': channel } });
  expect(sent.status).toBe(200);
  const found = (await (await fetch(`${base}/__mock/events?q=${encodeURIComponent(marker)}&min=1&wait=5000`)).json()) as { count: number };
  expect([label, found.count]).toEqual([label, 1]);
  if (process.env.HOSTILE_DEBUG) process.stdout.write(`${label}: rss ${memory().rss.toFixed(0)} peak ${memory().peak.toFixed(0)}\n`);
  expect(memory().peak).toBeLessThan(PEAK_RSS_BOUND_MB);
}

function rawSocket(): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => resolve(socket));
    socket.on('error', () => {});
    socket.once('error', reject);
  });
}
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('hostile input', () => {
  it('slowloris: 300 connections trickling their headers', async () => {
    const sockets = await Promise.all(Array.from({ length: 300 }, rawSocket));
    for (const s of sockets) s.write(`POST /services/collector/event HTTP/1.1\r\nHost: x\r\nAuthorization: Splunk ${TOKEN}\r\n`);
    for (let i = 0; i < 10; i++) {
      for (const s of sockets) s.write(`X-Slow-${i}: y\r\n`);
      await pause(100);
    }
    await stillServing('slowloris');
    for (const s of sockets) s.destroy();
  });

  it('a chunked body that never ends is cut off, not buffered without bound', async () => {
    const socket = await rawSocket();
    socket.write(`POST /services/collector/raw HTTP/1.1\r\nHost: x\r\nAuthorization: Splunk ${TOKEN}\r\nX-Splunk-Request-Channel: ${randomUUID()}\r\nTransfer-Encoding: chunked\r\n\r\n`);
    const chunk = `10000\r\n${'x'.repeat(0x10000)}\r\n`;
    let answer = '';
    socket.on('data', (d: Buffer) => (answer += d.toString()));
    let closed = false;
    socket.on('close', () => (closed = true));
    const until = Date.now() + 6_000;
    while (!closed && Date.now() < until) {
      if (!socket.write(chunk)) await new Promise((r) => socket.once('drain', r).once('close', r));
    }
    expect(answer).toMatch(/^HTTP\/1\.1 503/);
    expect(answer).toContain('"code":9');
    socket.destroy();
    await stillServing('endless chunked body');
  }, 30_000);

  it('JSON nested 100,000 levels is indexed and stays inspectable', async () => {
    const deep = `{"event":${'['.repeat(100_000)}"bottom"${']'.repeat(100_000)},"sourcetype":"deep"}`;
    const sent = await fetch(`${base}/services/collector/event`, { method: 'POST', body: deep, headers: { ...auth(TOKEN), 'X-Splunk-Request-Channel': randomUUID() } });
    expect(sent.status).toBe(200);
    const listing = await fetch(`${base}/__mock/events?sourcetype=deep`);
    expect(listing.status).toBe(200);
    const text = await listing.text();
    expect(text).toContain('bottom');
    expect(text.length).toBeGreaterThan(200_000);
    const { events } = (await (await fetch(`${base}/__mock/events?sourcetype=deep&limit=1`)).json()) as { events: Array<{ seq: number }> };
    expect((await fetch(`${base}/__mock/events/${events[0]!.seq}`)).status).toBe(200);
    await stillServing('deep nesting');
  });

  it('a million tiny events in one body', async () => {
    const body = '{"event":1}\n'.repeat(1_000_000);
    const sent = await fetch(`${base}/services/collector/event`, { method: 'POST', body, headers: { ...auth(TOKEN), 'X-Splunk-Request-Channel': randomUUID() } });
    expect(sent.status).toBe(200);
    const counts = (await (await fetch(`${base}/__mock/counts`)).json()) as { eventsIndexed: number; eventsEvicted: number };
    expect(counts.eventsIndexed).toBeGreaterThanOrEqual(1_000_000);
    expect(counts.eventsEvicted).toBeGreaterThan(800_000);
    await stillServing('a million events');
  }, 30_000);

  it('invalid UTF-8 and NUL bytes', async () => {
    const channel = randomUUID();
    const headers = { ...auth(TOKEN), 'X-Splunk-Request-Channel': channel };
    const raw = Buffer.concat([Buffer.from('bad bytes: '), Buffer.from([0xff, 0xfe, 0x00, 0xc3]), Buffer.from(' end\n')]);
    expect((await fetch(`${base}/services/collector/raw?sourcetype=binary`, { method: 'POST', body: raw, headers })).status).toBe(200);
    const json = Buffer.concat([Buffer.from('{"event":"nul '), Buffer.from([0x00, 0xff]), Buffer.from('"}')]);
    const refused = await fetch(`${base}/services/collector/event`, { method: 'POST', body: json, headers });
    expect([refused.status, ((await refused.json()) as { code: number }).code]).toEqual([400, 6]);
    const escaped = await fetch(`${base}/services/collector/event`, { method: 'POST', body: '{"event":"nul \\u0000 kept","sourcetype":"binary"}', headers });
    expect(escaped.status).toBe(200);
    const { events } = (await (await fetch(`${base}/__mock/events?sourcetype=binary`)).json()) as { events: Array<{ event: string }> };
    expect(events.map((e) => e.event)).toEqual(['bad bytes: \ufffd\ufffd\u0000\ufffd end', 'nul \u0000 kept']);
    await stillServing('invalid UTF-8');
  });

  it('20,000 channels', async () => {
    let next = 0;
    const worker = async () => {
      while (next < 20_000) {
        next++;
        const answer = await fetch(`${base}/services/collector/event`, { method: 'POST', body: '{"event":"c","sourcetype":"channels"}', headers: { ...auth(TOKEN), 'X-Splunk-Request-Channel': randomUUID() } });
        await answer.arrayBuffer();
      }
    };
    await Promise.all(Array.from({ length: 32 }, worker));
    const channels = (await (await fetch(`${base}/__mock/channels?limit=5`)).json()) as { count: number; channels: unknown[] };
    expect(channels.count).toBeGreaterThanOrEqual(20_000);
    expect(channels.channels).toHaveLength(5);
    await stillServing('20,000 channels');
  }, 60_000);

  it('an ack query of 200,000 ids', async () => {
    const channel = randomUUID();
    const headers = { ...auth(TOKEN), 'X-Splunk-Request-Channel': channel };
    await fetch(`${base}/services/collector/event`, { method: 'POST', body: '{"event":"acked"}', headers });
    await pause(10);
    const ids = Array.from({ length: 200_000 }, (_, i) => i);
    const answer = await fetch(`${base}/services/collector/ack`, { method: 'POST', body: JSON.stringify({ acks: ids }), headers });
    const { acks } = (await answer.json()) as { acks: Record<string, boolean> };
    expect(Object.keys(acks)).toHaveLength(200_000);
    expect([acks['0'], acks['1'], acks['199999']]).toEqual([true, false, false]);
    await stillServing('a huge ack query');
  });

  it('thousands of headers, and a header line of 1 MiB', async () => {
    for (const headers of [Array.from({ length: 5000 }, (_, i) => `X-H-${i}: v\r\n`).join(''), `X-Huge: ${'h'.repeat(1024 * 1024)}\r\n`]) {
      const socket = await rawSocket();
      let answer = '';
      socket.on('data', (d: Buffer) => (answer += d.toString()));
      const closed = new Promise((r) => socket.once('close', r));
      socket.write(`POST /services/collector/event HTTP/1.1\r\nHost: x\r\n${headers}\r\n{"event":"x"}`);
      await Promise.race([closed, pause(5000)]);
      expect(answer).toMatch(/^HTTP\/1\.1 431/);
      socket.destroy();
    }
    await stillServing('oversized headers');
  });

  it('after everything, its memory is under the bound', () => {
    const { peak } = memory();
    expect(peak).toBeLessThan(PEAK_RSS_BOUND_MB);
    process.stdout.write(`hec-mock peak RSS across the hostile-input attacks: ${peak.toFixed(0)} MB (bound ${PEAK_RSS_BOUND_MB} MB)\n`);
  });
});
