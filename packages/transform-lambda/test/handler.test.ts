import { describe, expect, it } from '@jest/globals';
import { gunzipSync } from 'node:zlib';
import { createHandler } from '../src/handler.js';
import { createMemoryLogger } from '../src/observability/logger.js';
import { noMetrics } from '../src/observability/metrics.js';
import type { BatchOutcome } from '../src/process-batch.js';
import type { ReingestTarget } from '../src/reingest/reingest-senders.js';
import type { CloudWatchLogsDataMessage } from '../src/types.js';
import { fakeSender } from './fake-sender.js';
import { config, dataMessage, encodePayload, firehoseEvent, outputLines, record } from './helpers.js';

function setup(env: Record<string, string> = {}, failWhen?: Parameters<typeof fakeSender>[0]) {
  const logger = createMemoryLogger();
  const fake = fakeSender(failWhen);
  const targets: ReingestTarget[] = [];
  const outcomes: BatchOutcome[] = [];
  const handler = createHandler({
    config: config({ REINGEST_BASE_DELAY_MS: '0', ...env }),
    logger,
    metrics: noMetrics,
    senderFor: (target) => {
      targets.push(target);
      return fake.sender;
    },
    onOutcome: (o) => outcomes.push(o),
  });
  return { handler, logger, fake, targets, outcomes };
}

const control = { messageType: 'CONTROL_MESSAGE', owner: 'CloudwatchLogs', logGroup: '', logStream: '', subscriptionFilters: [], logEvents: [{ id: '', timestamp: 1, message: 'CWL CONTROL MESSAGE: Checking health of destination Firehose.' }] };

describe('handler: every record accounted for', () => {
  it('answers Ok, Dropped and ProcessingFailed per record, in input order, without throwing', async () => {
    const { handler, logger } = setup();
    const response = await handler(
      firehoseEvent([
        record('r1', dataMessage(['hello'])),
        record('r2', control),
        { recordId: 'r3', data: '%%%not base64%%%' },
        { recordId: 'r4', data: Buffer.from('not gzip at all, sorry').toString('base64') },
        record('r5', '{"messageType":"DATA_MESSAGE","logEvents":[{"timestamp":1,"mess'),
        record('r6', { messageType: 'PING' }),
        record('r7', { messageType: 'DATA_MESSAGE', logGroup: 'g' }),
        record('r8', dataMessage(['world'])),
      ]),
    );
    expect(response.records.map((r) => [r.recordId, r.result])).toEqual([
      ['r1', 'Ok'],
      ['r2', 'Dropped'],
      ['r3', 'ProcessingFailed'],
      ['r4', 'ProcessingFailed'],
      ['r5', 'ProcessingFailed'],
      ['r6', 'ProcessingFailed'],
      ['r7', 'ProcessingFailed'],
      ['r8', 'Ok'],
    ]);
    expect(outputLines(response.records[0]!.data).map((l) => JSON.parse(l).event)).toEqual(['hello']);
    const failures = logger.lines.filter((l) => l.event === 'record-processing-failed');
    expect(failures.map((l) => [l.recordId, l.reason])).toEqual([
      ['r3', 'invalid-base64'],
      ['r4', 'invalid-gzip'],
      ['r5', 'invalid-json'],
      ['r6', 'unknown-message-type'],
      ['r7', 'missing-log-events'],
    ]);
  });

  it('logs one summary per invocation with the counts', async () => {
    const { handler, logger } = setup({ VPC_FLOW_ACTIONS: 'REJECT' });
    await handler(firehoseEvent([record('a', dataMessage(['x', 'y'])), record('b', control), { recordId: 'c', data: 'AAAA' }]));
    const summaries = logger.lines.filter((l) => l.event === 'invocation-summary');
    expect(summaries).toHaveLength(1);
    expect(summaries[0]).toMatchObject({
      recordsIn: 3,
      ok: 1,
      dropped: 1,
      failed: 1,
      controlMessages: 1,
      eventsIn: 2,
      eventsOut: 2,
      failuresByReason: { 'invalid-gzip': 1 },
    });
  });

  it('answers Dropped for a record whose every event was filtered, and counts them', async () => {
    const { handler, outcomes } = setup({ VPC_FLOW_ACTIONS: 'REJECT' });
    const flow = '2 123456789012 eni-1 10.0.0.1 10.0.0.2 1 2 6 1 1 1 2 ACCEPT OK';
    const response = await handler(firehoseEvent([record('a', dataMessage([flow, flow]))]));
    expect(response.records[0]!.result).toBe('Dropped');
    expect(outcomes[0]!.summary).toMatchObject({ filteredEvents: 2, emptyAfterFilter: 1 });
  });

  it('refuses an event that is not from Firehose with a message that says so', async () => {
    const { handler } = setup();
    await expect(handler({ Records: [] })).rejects.toMatchObject({ code: 'NOT_A_FIREHOSE_EVENT' });
  });
});

describe('handler: the response budget', () => {
  const bigMessages = (n: number, size: number, tag: string) =>
    Array.from({ length: n }, (_, i) => `${tag}-${i}-${'x'.repeat(size)}`);

  it('re-ingests records past the budget as their original bytes and answers Dropped', async () => {
    const { handler, fake, outcomes } = setup({ RESPONSE_BUDGET_BYTES: '60000' });
    const records = [0, 1, 2, 3].map((i) => record(`r${i}`, dataMessage(bigMessages(10, 1500, `rec${i}`))));
    const response = await handler(firehoseEvent(records));
    const serialized = JSON.stringify(response);
    expect(Buffer.byteLength(serialized)).toBeLessThanOrEqual(60000);
    const results = response.records.map((r) => r.result);
    expect(results[0]).toBe('Ok');
    expect(results.slice(results.indexOf('Dropped'))).toEqual(results.slice(results.indexOf('Dropped')).map(() => 'Dropped'));
    const deferred = records.filter((_, i) => results[i] === 'Dropped');
    expect(deferred.length).toBeGreaterThan(0);
    expect(fake.accepted.map((e) => e.data.toString('base64'))).toEqual(deferred.map((r) => r.data));
    expect(outcomes[0]!.summary.responseBytes).toBe(Buffer.byteLength(serialized));
  });

  it('splits a record whose own output exceeds the budget into parts that each fit, re-gzipped', async () => {
    const { handler, fake, outcomes } = setup({ RESPONSE_BUDGET_BYTES: '20000' });
    const payload = dataMessage(bigMessages(40, 1000, 'big'));
    const response = await handler(firehoseEvent([record('big', payload)]));
    expect(response.records).toEqual([{ recordId: 'big', result: 'Dropped' }]);
    const parts = fake.accepted.map((e) => JSON.parse(gunzipSync(e.data).toString()) as CloudWatchLogsDataMessage);
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.flatMap((p) => p.logEvents)).toEqual(payload.logEvents);
    for (const part of parts) {
      expect(part).toMatchObject({ messageType: 'DATA_MESSAGE', logGroup: payload.logGroup, logStream: payload.logStream });
    }
    // Each part, when it comes back, fits the budget alone.
    for (const entry of fake.accepted) {
      const again = setup({ RESPONSE_BUDGET_BYTES: '20000' });
      const back = await again.handler(firehoseEvent([{ recordId: 'again', data: entry.data.toString('base64') }]));
      expect(back.records[0]!.result).toBe('Ok');
    }
    expect(outcomes[0]!.summary).toMatchObject({ splitRecords: 1, splitParts: parts.length });
  });

  it('fails a record holding one event that cannot fit any response, and loops on nothing', async () => {
    const { handler, fake, logger } = setup({ RESPONSE_BUDGET_BYTES: '8000' });
    const response = await handler(firehoseEvent([record('huge', dataMessage(['ok', 'y'.repeat(9000)]))]));
    expect(response.records).toEqual([{ recordId: 'huge', result: 'ProcessingFailed' }]);
    expect(fake.calls).toHaveLength(0);
    expect(logger.lines.find((l) => l.reason === 'event-too-large')).toBeDefined();
  });

  it('answers ProcessingFailed for records it could not re-ingest, so Firehose backs them up', async () => {
    const { handler, fake } = setup({ RESPONSE_BUDGET_BYTES: '20000', REINGEST_MAX_ATTEMPTS: '3' }, () => true);
    const response = await handler(firehoseEvent([record('big', dataMessage(bigMessages(40, 1000, 'big')))]));
    expect(response.records).toEqual([{ recordId: 'big', result: 'ProcessingFailed' }]);
    expect(fake.calls).toHaveLength(3);
  });

  it('re-ingests into the Kinesis source stream with the original partition key', async () => {
    const { handler, fake, targets } = setup({ RESPONSE_BUDGET_BYTES: '20000' });
    await handler(firehoseEvent([record('k1', dataMessage(bigMessages(40, 1000, 'k')), 'pk-42')], 'kinesis'));
    expect(targets[0]).toEqual({ kind: 'kinesis', streamArn: 'arn:aws:kinesis:us-east-1:123456789012:stream/log-source' });
    expect(new Set(fake.accepted.map((e) => e.partitionKey))).toEqual(new Set(['pk-42']));
  });
});

describe('handler: a contract payload from the CloudWatch Logs documentation', () => {
  it('transforms the documented subscription example', async () => {
    const documented = {
      owner: '111111111111',
      logGroup: 'CloudTrail/logs',
      logStream: '111111111111_CloudTrail/logs_us-east-1',
      subscriptionFilters: ['Destination'],
      messageType: 'DATA_MESSAGE',
      logEvents: [
        { id: '31953106606966983378809025079804211143289615424298221568', timestamp: 1432826855000, message: '{"eventVersion":"1.03","userIdentity":{"type":"Root"}' },
        { id: '31953106606966983378809025079804211143289615424298221569', timestamp: 1432826855000, message: '{"eventVersion":"1.03","userIdentity":{"type":"Root"}' },
        { id: '31953106606966983378809025079804211143289615424298221570', timestamp: 1432826855000, message: '{"eventVersion":"1.03","userIdentity":{"type":"Root"}' },
      ],
    };
    const { handler } = setup();
    const response = await handler({
      invocationId: 'invocationIdExample',
      deliveryStreamArn: 'arn:aws:kinesis:EXAMPLE',
      region: 'us-east-1',
      records: [{ recordId: '49546986683135544286507457936321625675700192471156785154', approximateArrivalTimestamp: 1495072949453, data: encodePayload(documented) }],
    });
    expect(response.records[0]!.result).toBe('Ok');
    expect(outputLines(response.records[0]!.data).map((l) => JSON.parse(l))).toEqual(
      documented.logEvents.map((e) => ({
        time: 1432826855,
        host: documented.logStream,
        source: documented.logGroup,
        sourcetype: 'aws:cloudtrail',
        event: e.message,
      })),
    );
  });
});
