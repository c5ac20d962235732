import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { startHecMock, type HecMock } from '@firehose-splunk/hec-mock';
import type { DeliveryOutcome } from '@firehose-splunk/internal';
import { ConfiguredRetryStrategy } from '@smithy/util-retry';
import { existsSync, mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import nock from 'nock';
import { createClients } from '../src/aws/clients.js';
import { parseTimeFlag } from '../src/commands/replay.js';
import type { LiveDeps } from '../src/commands/live-deps.js';
import type { Io } from '../src/io.js';
import { main } from '../src/main.js';
import { FolderBackup } from '../src/replay/backup-source.js';
import { Checkpoint } from '../src/replay/checkpoint.js';
import { countEvents, readErrorRecords } from '../src/replay/error-records.js';
import { replay } from '../src/replay/replay.js';
import { FakeAws } from './aws-fake.js';

/** One line of a backup object in Firehose's error-record format. */
function errorRecord(data: string, errorCode = 'Splunk.ProxyWithoutStickySessions'): string {
  return JSON.stringify({ attemptsMade: 3, arrivalTimestamp: 1764662400000, errorCode, errorMessage: 'Splunk did not answer', attemptEndingTimestamp: 1764662700000, rawData: Buffer.from(data).toString('base64'), EventId: '49546986683135544286507457936321625675700192471156785154.0' });
}
const event = (n: number) => `${JSON.stringify({ time: 1764662400 + n, host: 'i-1', source: '/app', sourcetype: 'app', event: `event ${n}` })}\n`;
const TOKEN = '11111111-2222-3333-4444-555555555555';

describe('reading backup objects', () => {
  it('reads error records from plain and gzipped objects, tells deliveries from processing failures, and reports bad lines without failing the rest', () => {
    const text = [errorRecord(event(1) + event(2)), 'not json', '{"foo":1}', errorRecord('x', 'Lambda.FunctionError'), JSON.stringify({ errorCode: 'Splunk.X', rawData: 'not base64!' }), ''].join('\n');
    for (const bytes of [Buffer.from(text), gzipSync(text)]) {
      const { records, problems } = readErrorRecords('splunk-errors/2026/12/02/10/obj', bytes);
      expect(records.map((r) => [r.line, r.kind, r.errorCode])).toEqual([
        [0, 'delivery', 'Splunk.ProxyWithoutStickySessions'],
        [3, 'processing', 'Lambda.FunctionError'],
      ]);
      expect(countEvents(records[0]!.data)).toBe(2);
      expect(problems.map((p) => [p.line, p.reason])).toEqual([
        [1, 'not-error-record'],
        [2, 'not-error-record'],
        [4, 'bad-raw-data'],
      ]);
    }
    expect(readErrorRecords('processing-failed/x', Buffer.from(errorRecord('y', 'Splunk.Whatever'))).records[0]!.kind).toBe('processing');
    expect(readErrorRecords('k', Buffer.from([0x1f, 0x8b, 1, 2, 3])).problems[0]!.reason).toBe('unreadable-object');
  });

  it('keeps a checkpoint that round-trips', () => {
    const c = new Checkpoint();
    c.add('a', [3, 1]);
    c.add('b', [0]);
    const again = Checkpoint.parse(JSON.stringify(c.toJSON()));
    expect([again.has('a', 1), again.has('a', 2), again.has('b', 0)]).toEqual([true, false, true]);
    expect(() => Checkpoint.parse('{"version":2}')).toThrow('not a replay checkpoint');
  });

  it('reads --since and --until as durations ago or ISO times, and refuses anything else', () => {
    const now = Date.parse('2026-12-02T12:00:00Z');
    expect(parseTimeFlag('since', '24h', now)?.toISOString()).toBe('2026-12-01T12:00:00.000Z');
    expect(parseTimeFlag('since', '90m', now)?.toISOString()).toBe('2026-12-02T10:30:00.000Z');
    expect(parseTimeFlag('until', '2026-12-01T09:00:00Z', now)?.toISOString()).toBe('2026-12-01T09:00:00.000Z');
    expect(() => parseTimeFlag('since', 'yesterday', now)).toThrow(expect.objectContaining({ code: 'USAGE' }));
  });
});

describe('replay from a folder', () => {
  let dir: string;
  const sent: string[] = [];
  let refuse = 0;
  const deliver = async (_d: unknown, body: Buffer): Promise<DeliveryOutcome> => {
    if (refuse > 0) {
      refuse--;
      return { delivered: false, attempts: 4, errorCode: 'Splunk.ServerError', errorMessage: 'HEC answered 503' };
    }
    sent.push(body.toString());
    return { delivered: true, attempts: 1 };
  };
  const destination = { hecUrl: 'http://127.0.0.1:1', hecToken: 't', hecEndpointType: 'Event' as const, ackTimeoutMs: 1, retryDurationMs: 1, ackPollIntervalMs: 1 };
  const run = (extra: Partial<Parameters<typeof replay>[0]> = {}) => replay({ source: new FolderBackup(dir), destination, dryRun: false, deleteReplayed: false, deliver, ...extra });

  beforeEach(() => {
    dir = join(mkdtempSync(join(tmpdir(), 'replay-')), 'backup');
    mkdirSync(join(dir, 'splunk-failed'), { recursive: true });
    mkdirSync(join(dir, 'processing-failed'), { recursive: true });
    writeFileSync(join(dir, 'splunk-failed', 'a.jsonl'), [errorRecord(event(1)), errorRecord(event(2) + event(3))].join('\n'));
    writeFileSync(join(dir, 'splunk-failed', 'b.jsonl'), [errorRecord(event(4)), 'garbage'].join('\n'));
    writeFileSync(join(dir, 'processing-failed', 'c.jsonl'), errorRecord('{"messageType":"DATA_MESSAGE"}', 'Lambda.FunctionError'));
    sent.length = 0;
    refuse = 0;
  });

  it('sends every delivery once acknowledged, skips processing failures, counts bad lines, and sends nothing the second time', async () => {
    const first = await run();
    expect(first).toEqual({ objects: 3, records: 4, events: 4, sent: 3, failed: 1, skipped: 1 });
    expect(sent.join('')).toBe(event(1) + event(2) + event(3) + event(4));
    expect(existsSync(`${dir}.replay-checkpoint.json`)).toBe(true);
    const second = await run();
    expect(second).toEqual({ objects: 3, records: 4, events: 0, sent: 0, failed: 1, skipped: 4 });
    expect(sent).toHaveLength(2);
  });

  it('counts a batch HEC did not take as failed and sends it again next time; --dry-run sends and writes nothing', async () => {
    expect(await run({ dryRun: true })).toMatchObject({ events: 4, sent: 0 });
    expect(sent).toEqual([]);
    expect(existsSync(`${dir}.replay-checkpoint.json`)).toBe(false);
    refuse = 1;
    expect(await run()).toMatchObject({ sent: 1, failed: 3 });
    expect(await run()).toMatchObject({ sent: 2, failed: 1, skipped: 2 });
    expect(sent.join('')).toBe(event(4) + event(1) + event(2) + event(3));
  });

  it('deletes only objects whose every record is acknowledged, with --delete-replayed', async () => {
    await run({ deleteReplayed: true });
    expect([existsSync(join(dir, 'splunk-failed', 'a.jsonl')), existsSync(join(dir, 'splunk-failed', 'b.jsonl')), existsSync(join(dir, 'processing-failed', 'c.jsonl'))]).toEqual([false, true, true]);
  });

  it('with --include-processing-failed and a local transform, sends what the transform writes and counts what it still fails or drops', async () => {
    const { transformLocally } = await import('../src/replay/processing-failures.js');
    const good = gzipSync(JSON.stringify({ messageType: 'DATA_MESSAGE', owner: '111122223333', logGroup: '/app', logStream: 's', subscriptionFilters: ['f'], logEvents: [{ id: '1', timestamp: 1764662400000, message: 'fixed at last' }] }));
    const control = gzipSync(JSON.stringify({ messageType: 'CONTROL_MESSAGE', owner: 'CloudwatchLogs', logGroup: '', logStream: '', subscriptionFilters: [], logEvents: [{ id: '', timestamp: 1, message: 'CWL CONTROL MESSAGE' }] }));
    const line = (data: Buffer) => JSON.stringify({ attemptsMade: 4, arrivalTimestamp: 1, errorCode: 'Lambda.FunctionError', errorMessage: 'boom', attemptEndingTimestamp: 2, rawData: data.toString('base64') });
    writeFileSync(join(dir, 'processing-failed', 'c.jsonl'), [line(good), line(Buffer.from('not gzip')), line(control)].join('\n'));
    const processing = await transformLocally({}, destination, deliver, 'channel-1');
    const summary = await run({ processing });
    expect(summary).toMatchObject({ records: 6, sent: 4, failed: 2, skipped: 1 });
    expect(sent.some((body) => body.includes('"event":"fixed at last"'))).toBe(true);
    // The good and the dropped ones are done; the still-bad one is tried again next time.
    expect(await run({ processing })).toMatchObject({ sent: 0, failed: 2, skipped: 5 });
  });

  it('takes only objects written in the --since / --until window', async () => {
    utimesSync(join(dir, 'splunk-failed', 'a.jsonl'), new Date('2026-11-01T00:00:00Z'), new Date('2026-11-01T00:00:00Z'));
    expect(await run({ since: new Date('2026-11-15T00:00:00Z') })).toMatchObject({ objects: 2, sent: 1 });
    expect(await run({ until: new Date('2026-11-15T00:00:00Z') })).toMatchObject({ objects: 1, sent: 2 });
  });
});

describe('firehose-splunk replay, through the command line', () => {
  let hec: HecMock;
  beforeAll(async () => {
    hec = await startHecMock({ tokens: [TOKEN], ackOptions: { indexingDelayMs: 0 } });
  });
  afterAll(() => hec.stop());
  beforeEach(() => hec.reset());

  function io() {
    const out: string[] = [];
    const err: string[] = [];
    const value: Io = { out: (t) => out.push(t), err: (t) => err.push(t), env: { SPLUNK_HEC_TOKEN: TOKEN }, readStdin: async () => '' };
    return { io: value, out: () => out.join(''), err: () => err.join('') };
  }

  it('replays the backup bucket to HEC with acknowledgement, prints the summary as JSON, and keeps its checkpoint in the bucket', async () => {
    const aws = new FakeAws();
    aws.install();
    nock.enableNetConnect(/127\.0\.0\.1/);
    try {
      const bucket = 'splunk-logs-backup-111122223333-eu-west-1';
      aws.buckets.set(bucket, {
        region: 'eu-west-1',
        config: new Map(),
        objects: 0,
        files: new Map([['splunk-failed/2026/12/02/10/splunk-logs-to-splunk-1', new Date()]]),
        bodies: new Map([['splunk-failed/2026/12/02/10/splunk-logs-to-splunk-1', gzipSync([errorRecord(event(1)), errorRecord(event(2))].join('\n'))]]),
      });
      const deps: LiveDeps = {
        clientsFor: (_t, region) => createClients(region, async () => ({ accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' }), new ConfiguredRetryStrategy(2, () => 5)),
        lambdaZip: () => Buffer.from(''),
        retry: { attempts: 1, baseDelayMs: 0, maxDelayMs: 0, sleep: async () => {} },
        waitForActive: { timeoutMs: 1, pollMs: 0 },
      };
      const args = ['replay', '--region', 'eu-west-1', '--hec-url', hec.url, '--output', 'json'];
      const first = io();
      expect(await main(args, first.io, deps)).toBe(0);
      expect(JSON.parse(first.out())).toEqual({ objects: 1, records: 2, events: 2, sent: 2, failed: 0, skipped: 0 });
      expect(hec.events().map((e) => (e.event as { event?: string }).event ?? e.event)).toEqual(['event 1', 'event 2']);
      expect(JSON.parse(aws.buckets.get(bucket)!.bodies!.get('replayed/checkpoint.json')!.toString())).toEqual({ version: 1, acknowledged: { 'splunk-failed/2026/12/02/10/splunk-logs-to-splunk-1': [0, 1] } });
      const second = io();
      expect(await main(args, second.io, deps)).toBe(0);
      expect(JSON.parse(second.out())).toMatchObject({ sent: 0, skipped: 2 });
      expect(hec.events()).toHaveLength(2);
    } finally {
      aws.uninstall();
    }
  });

  it('puts processing failures back into the delivery stream with --include-processing-failed', async () => {
    const aws = new FakeAws();
    aws.install();
    nock.enableNetConnect(/127\.0\.0\.1/);
    try {
      const bucket = 'splunk-logs-backup-111122223333-eu-west-1';
      const source = gzipSync('{"messageType":"DATA_MESSAGE"}');
      aws.buckets.set(bucket, {
        region: 'eu-west-1',
        config: new Map(),
        objects: 0,
        files: new Map([['processing-failed/2026/12/02/10/obj', new Date()]]),
        bodies: new Map([['processing-failed/2026/12/02/10/obj', Buffer.from(errorRecord(source.toString('latin1'), 'Lambda.FunctionError').replace(/"rawData":"[^"]*"/, `"rawData":"${source.toString('base64')}"`))]]),
      });
      aws.streams.set('splunk-logs-to-splunk', { status: 'ACTIVE', describesUntilActive: 0, versionId: 1, splunk: {}, tags: {} });
      const deps: LiveDeps = {
        clientsFor: (_t, region) => createClients(region, async () => ({ accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' }), new ConfiguredRetryStrategy(2, () => 5)),
        lambdaZip: () => Buffer.from(''),
        retry: { attempts: 1, baseDelayMs: 0, maxDelayMs: 0, sleep: async () => {} },
        waitForActive: { timeoutMs: 1, pollMs: 0 },
      };
      const skipped = io();
      expect(await main(['replay', '--region', 'eu-west-1', '--hec-url', hec.url, '--output', 'json'], skipped.io, deps)).toBe(0);
      expect(JSON.parse(skipped.out())).toMatchObject({ records: 1, sent: 0, skipped: 1 });
      const putBack = io();
      expect(await main(['replay', '--region', 'eu-west-1', '--hec-url', hec.url, '--output', 'json', '--include-processing-failed'], putBack.io, deps)).toBe(0);
      expect(JSON.parse(putBack.out())).toMatchObject({ records: 1, sent: 1, failed: 0 });
      expect(aws.streams.get('splunk-logs-to-splunk')!.put).toEqual([source]);
      expect(aws.calls).toContain('firehose:PutRecordBatch');
    } finally {
      aws.uninstall();
    }
  });

  it('refuses http:// for a host that is not loopback, and a bad --since, before anything else', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'replay-flags-'));
    const bad = io();
    expect(await main(['replay', '--from', dir, '--hec-url', 'http://splunk.example.com:8088'], bad.io)).toBe(2);
    expect(bad.err()).toContain('http only for a loopback host');
    const since = io();
    expect(await main(['replay', '--from', dir, '--hec-url', hec.url, '--since', 'last week'], since.io)).toBe(2);
    expect(since.err()).toContain('USAGE: --since "last week"');
    const missing = io();
    expect(await main(['replay', '--from', join(dir, 'nope'), '--hec-url', hec.url], missing.io)).toBe(2);
    expect(missing.err()).toContain('is not a folder');
    const local = io();
    expect(await main(['replay', '--from', dir, '--hec-url', hec.url, '--transform-locally'], local.io)).toBe(2);
    expect(local.err()).toContain('add --include-processing-failed');
  });
});
