import { afterEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHecMock, type HecMock } from '@firehose-splunk/hec-mock';
import { FirehoseSimulator, type Processor } from '../src/simulator/firehose-simulator.js';

const TOKEN = '11111111-2222-3333-4444-555555555555';

let mock: HecMock | undefined;
let simulator: FirehoseSimulator | undefined;
afterEach(async () => {
  await simulator?.stop();
  await mock?.stop();
  simulator = undefined;
  mock = undefined;
});

/** A processor that turns each record's text into one HEC event, or answers as `decide` says. */
function processor(decide: (text: string) => 'Ok' | 'Dropped' | 'ProcessingFailed' = () => 'Ok'): Processor {
  return async (event) => ({
    records: event.records.map((r) => {
      const text = Buffer.from(r.data, 'base64').toString();
      const result = decide(text);
      return result === 'Ok'
        ? { recordId: r.recordId, result, data: Buffer.from(`${JSON.stringify({ event: text })}\n`).toString('base64') }
        : { recordId: r.recordId, result };
    }),
  });
}

function backupLines(dir: string, folder: string): Array<Record<string, unknown>> {
  const path = join(dir, folder);
  return readdirSync(path).flatMap((f) => readFileSync(join(path, f), 'utf8').trim().split('\n').map((l) => JSON.parse(l)));
}

async function setup(options: { processor: Processor; faults?: Parameters<typeof startHecMock>[0]; retryDurationMs?: number; ackTimeoutMs?: number; allEvents?: boolean }) {
  mock = await startHecMock({ tokens: [TOKEN], ackOptions: { indexingDelayMs: 5 }, ...options.faults });
  const backupDir = mkdtempSync(join(tmpdir(), 'firehose-sim-'));
  simulator = await FirehoseSimulator.start({
    processor: options.processor,
    destination: {
      hecUrl: mock.url,
      hecToken: TOKEN,
      hecEndpointType: 'Event',
      ackTimeoutMs: options.ackTimeoutMs ?? 2000,
      retryDurationMs: options.retryDurationMs ?? 5000,
      ackPollIntervalMs: 5,
    },
    s3BackupMode: options.allEvents ? 'AllEvents' : 'FailedEventsOnly',
    backupDir,
    processorBufferBytes: 64,
  });
  return { backupDir, sim: simulator, hec: mock };
}

describe('FirehoseSimulator', () => {
  it('delivers Ok records with acknowledgement, skips Dropped, backs up ProcessingFailed', async () => {
    const { sim, hec, backupDir } = await setup({ processor: processor((t) => (t.startsWith('drop') ? 'Dropped' : t.startsWith('bad') ? 'ProcessingFailed' : 'Ok')) });
    sim.put(['one', 'drop me', 'bad one', 'two'].map((t) => Buffer.from(t)));
    await sim.flush();
    expect(hec.events().map((e) => e.event)).toEqual(['one', 'two']);
    expect(hec.events().every((e) => e.channel === sim.channel)).toBe(true);
    expect(sim.stats).toMatchObject({ ok: 2, dropped: 1, processingFailed: 1, recordsSplunkFailed: 0 });
    const [failed] = backupLines(backupDir, 'processing-failed');
    expect(failed).toMatchObject({ errorCode: 'Lambda.ProcessingFailedStatus', rawData: Buffer.from('bad one').toString('base64') });
  });

  it('retries an invocation that throws, then backs its records up as a function error', async () => {
    let calls = 0;
    const { sim, backupDir } = await setup({
      processor: async () => {
        calls++;
        throw new Error('Task timed out after 60.00 seconds');
      },
    });
    sim.put([Buffer.from('x')]);
    await sim.flush();
    expect(calls).toBe(4);
    expect(backupLines(backupDir, 'processing-failed')[0]).toMatchObject({ errorCode: 'Lambda.FunctionError', attemptsMade: 4, errorMessage: 'Task timed out after 60.00 seconds' });
  });

  it('treats a missing or repeated recordId in the response as a transformation failure', async () => {
    const { sim, backupDir } = await setup({ processor: async (event) => ({ records: event.records.map((r) => ({ recordId: `${r.recordId}-other`, result: 'Ok', data: '' })) }) });
    sim.put([Buffer.from('x')]);
    await sim.flush();
    expect(backupLines(backupDir, 'processing-failed')[0]).toMatchObject({ errorCode: 'Lambda.InvalidRecordId' });
  });

  it('retries a busy HEC and delivers once it recovers', async () => {
    const { sim, hec } = await setup({ processor: processor(), faults: { faults: { script: ['busy', 'busy'] } } });
    sim.put([Buffer.from('eventually')]);
    await sim.flush();
    expect(sim.stats.deliveryRetries).toBe(2);
    expect(hec.events().map((e) => e.event)).toEqual(['eventually']);
  });

  it('writes splunk-failed records when HEC stays down past the retry duration', async () => {
    const { sim, backupDir } = await setup({ processor: processor(), faults: { faults: { busyProbability: 1 } }, retryDurationMs: 500 });
    sim.put([Buffer.from('nowhere')]);
    await sim.flush();
    const [failed] = backupLines(backupDir, 'splunk-failed');
    expect(failed).toMatchObject({ errorCode: 'Splunk.ServerError' });
    expect(Buffer.from(String(failed!.rawData), 'base64').toString()).toBe('{"event":"nowhere"}\n');
    expect(sim.stats.recordsSplunkFailed).toBe(1);
  });

  it('resends when the ack times out, and backs up once the retry duration is spent', async () => {
    const { sim, hec, backupDir } = await setup({ processor: processor(), faults: { faults: { ackNeverProbability: 1 } }, ackTimeoutMs: 100, retryDurationMs: 700 });
    sim.put([Buffer.from('unacked')]);
    await sim.flush();
    // Every attempt was answered 200 with an ack that never turned true: sent more than once, indexed never.
    expect(hec.counters().eventsNeverIndexed).toBeGreaterThan(1);
    expect(hec.events()).toEqual([]);
    expect(backupLines(backupDir, 'splunk-failed')[0]).toMatchObject({ errorCode: 'Splunk.AckTimeout' });
  });

  it('keeps a copy of every delivered record in AllEvents mode', async () => {
    const { sim, backupDir } = await setup({ processor: processor(), allEvents: true });
    sim.put([Buffer.from('a'), Buffer.from('b')]);
    await sim.flush();
    expect(readdirSync(join(backupDir, 'all-events')).length).toBeGreaterThan(0);
    expect(sim.backup.counts['all-events']).toBe(2);
  });

  it('serves PutRecordBatch over HTTP in the Firehose JSON protocol, for re-ingest', async () => {
    const { sim } = await setup({ processor: processor() });
    const put = (body: unknown) =>
      fetch(sim.putRecordUrl, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-amz-json-1.1', 'X-Amz-Target': 'Firehose_20150804.PutRecordBatch' },
        body: JSON.stringify(body),
      });
    const ok = await put({ DeliveryStreamName: sim.deliveryStreamName, Records: [{ Data: Buffer.from('again').toString('base64') }] });
    const answer = (await ok.json()) as { FailedPutCount: number; RequestResponses: Array<{ RecordId: string }> };
    expect(answer.FailedPutCount).toBe(0);
    expect(answer.RequestResponses).toHaveLength(1);
    expect(sim.pending).toBe(1);
    const unknown = await put({ DeliveryStreamName: 'other', Records: [{ Data: 'eA==' }] });
    expect([unknown.status, ((await unknown.json()) as { __type: string }).__type]).toEqual([400, 'ResourceNotFoundException']);
  });
});
