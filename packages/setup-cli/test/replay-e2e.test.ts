import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { runPipeline } from '@firehose-splunk/firehose-simulator';
import { startHecMock, type HecMock } from '@firehose-splunk/hec-mock';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Io } from '../src/io.js';
import { main } from '../src/main.js';

/**
 * End to end: the demo pipeline with Splunk down backs every batch up (splunk-failed/),
 * `replay --from` its backup folder sends them to a clean hec-mock, every event arrives once,
 * and a second replay sends nothing. With faults, the corrupt records it backs up as
 * processing failures are skipped, never sent to HEC.
 */
const TOKEN = '11111111-2222-3333-4444-555555555555';
let hec: HecMock;
beforeAll(async () => {
  hec = await startHecMock({ tokens: [TOKEN], ackOptions: { indexingDelayMs: 0 } });
});
afterAll(() => hec.stop());

function io() {
  const out: string[] = [];
  const err: string[] = [];
  const value: Io = { out: (t) => out.push(t), err: (t) => err.push(t), env: { SPLUNK_HEC_TOKEN: TOKEN }, readStdin: async () => '' };
  return { io: value, out: () => out.join(''), err: () => err.join('') };
}

it('replays what the demo backed up while Splunk was down, once', async () => {
  const backupDir = join(mkdtempSync(join(tmpdir(), 'replay-e2e-')), 'backup');
  const demo = await runPipeline({ events: 3000, endpointType: 'Event', faults: false, splunkDown: true, backupDir });
  expect(demo.events).toMatchObject({ lost: 0, indexed: 0, backedUp: 3000 });
  const failedLines = readdirSync(join(backupDir, 'splunk-failed')).flatMap((f) => readFileSync(join(backupDir, 'splunk-failed', f), 'utf8').trim().split('\n'));
  const expectedEvents = failedLines.reduce((n, line) => n + Buffer.from(JSON.parse(line).rawData, 'base64').toString().trim().split('\n').length, 0);
  expect(expectedEvents).toBeGreaterThan(0);

  const args = ['replay', '--from', backupDir, '--hec-url', hec.url, '--hec-endpoint-type', 'Event', '--json'];
  const first = io();
  expect(await main(args, first.io)).toBe(0);
  const summary = JSON.parse(first.out());
  expect(summary).toMatchObject({ records: failedLines.length + summary.skipped, sent: failedLines.length, events: expectedEvents, failed: 0 });
  expect(expectedEvents).toBe(3000);
  expect(hec.counters().eventsIndexed).toBe(expectedEvents);

  const second = io();
  expect(await main(args, second.io)).toBe(0);
  expect(JSON.parse(second.out())).toMatchObject({ sent: 0, events: 0, skipped: summary.records });
  expect(hec.counters().eventsIndexed).toBe(expectedEvents);
}, 120_000);

it('skips the processing failures the faulty demo backs up, reporting them, and sends the rest', async () => {
  hec.reset();
  const backupDir = join(mkdtempSync(join(tmpdir(), 'replay-e2e-faults-')), 'backup');
  await runPipeline({ events: 20_000, endpointType: 'Event', faults: true, backupDir });
  const processing = readdirSync(join(backupDir, 'processing-failed')).flatMap((f) => readFileSync(join(backupDir, 'processing-failed', f), 'utf8').trim().split('\n'));
  expect(processing.length).toBeGreaterThan(0);
  const run = io();
  expect(await main(['replay', '--from', backupDir, '--hec-url', hec.url, '--output', 'json'], run.io)).toBe(0);
  expect(JSON.parse(run.out())).toMatchObject({ skipped: processing.length, failed: 0 });
  expect(hec.counters().eventsIndexed).toBe(JSON.parse(run.out()).events);
  // Through the packaged transform here: the demo's corrupt records are still corrupt, so they
  // fail again, are reported, and the exit code says so.
  const local = io();
  expect(await main(['replay', '--from', backupDir, '--hec-url', hec.url, '--output', 'json', '--include-processing-failed', '--transform-locally'], local.io)).toBe(1);
  expect(JSON.parse(local.out())).toMatchObject({ failed: processing.length });
  expect(local.err()).toContain('the transform answered ProcessingFailed');
}, 120_000);
