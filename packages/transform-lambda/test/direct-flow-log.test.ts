import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { createHandler } from '../src/handler.js';
import { compileFlowLogFormat, DEFAULT_FLOW_LOG_FIELDS } from '../src/flow-logs/vpc-flow-log.js';
import { createMemoryLogger } from '../src/observability/logger.js';
import { noMetrics } from '../src/observability/metrics.js';
import type { BatchOutcome } from '../src/process-batch.js';
import { DIRECT_FLOW_LOG_GROUP, directFlowLogPayload } from '../src/record/direct-flow-log.js';
import type { FirehoseInputRecord } from '../src/types.js';
import { fakeSender } from './fake-sender.js';
import { config, dataMessage, firehoseEvent, FLOW_LINE, outputLines, record } from './helpers.js';

/**
 * Flow logs published straight to Firehose: each record is `{"message": "<flow log line>"}`,
 * uncompressed. This record is the first of the sample event in Splunk's processor for these
 * records (splunk/splunk-aws-firehose-flowlogs-processor).
 */
const SPLUNK_SAMPLE =
  'eyJtZXNzYWdlIjoiMiA2NDc2MDQxOTUxNTUgZW5pLTA1ZmRkNTgzMTdhM2E1OGU0IDEwLjMwLjIuMjM4IDEwLjMwLjEuMjE3IDgwODkgMzkwMTYgNiAyMiAxMDUyNyAxNjQzMTYwNzMyIDE2NDMxNjA3OTIgQUNDRVBUIE9LIn0=';
const SAMPLE_LINE = '2 647604195155 eni-05fdd58317a3a58e4 10.30.2.238 10.30.1.217 8089 39016 6 22 10527 1643160732 1643160792 ACCEPT OK';

const direct = (recordId: string, line: string): FirehoseInputRecord => ({
  recordId,
  approximateArrivalTimestamp: 1700000000000,
  data: Buffer.from(JSON.stringify({ message: line })).toString('base64'),
});

function setup(env: Record<string, string> = {}) {
  const outcomes: BatchOutcome[] = [];
  const handler = createHandler({
    config: config({ REINGEST_BASE_DELAY_MS: '0', ...env }),
    logger: createMemoryLogger(),
    metrics: noMetrics,
    senderFor: () => fakeSender().sender,
    onOutcome: (o) => outcomes.push(o),
  });
  return { handler, outcomes };
}

const format = compileFlowLogFormat(DEFAULT_FLOW_LOG_FIELDS);

describe('a flow log record delivered straight to Firehose', () => {
  it('reads as a one-event payload: the line, its account and interface, its start time', () => {
    const payload = directFlowLogPayload(Buffer.from(SPLUNK_SAMPLE, 'base64'), format, 5, 'rec-1')!;
    expect(payload).toEqual({
      messageType: 'DATA_MESSAGE',
      owner: '647604195155',
      logGroup: DIRECT_FLOW_LOG_GROUP,
      logStream: 'eni-05fdd58317a3a58e4',
      subscriptionFilters: [],
      logEvents: [{ id: 'rec-1', timestamp: 1643160732000, message: SAMPLE_LINE }],
    });
  });

  it('takes the arrival time when the format has no start, and is not one when the bytes are anything else', () => {
    const custom = compileFlowLogFormat(['srcaddr', 'dstaddr', 'action']);
    expect(directFlowLogPayload(Buffer.from('{"message":"10.0.0.1 10.0.0.2 ACCEPT"}'), custom, 1234, 'r')!.logEvents[0]!.timestamp).toBe(1234);
    // The bare line, which AWS's "plain text" could also mean, is read the same way.
    const bare = directFlowLogPayload(Buffer.from(`${SAMPLE_LINE}\n`), format, 5, 'rec-1')!;
    expect(bare).toEqual(directFlowLogPayload(Buffer.from(SPLUNK_SAMPLE, 'base64'), format, 5, 'rec-1'));
    for (const text of ['not json', '{"message": 5}', '{"other":"x"}', '["x"]', '{"message":"x"', '', `${SAMPLE_LINE}\n${SAMPLE_LINE}\n`, 'not gzip at all, sorry', '\n']) {
      expect(directFlowLogPayload(Buffer.from(text), format, 1, 'r')).toBeUndefined();
    }
  });

  it('is formatted byte for byte as the same line through a CloudWatch Logs group, in Event and Raw mode', async () => {
    for (const mode of ['Event', 'Raw']) {
      const envs: Array<Record<string, string>> = [{}, ...(mode === 'Event' ? [{ VPC_FLOW_EVENT_FORMAT: 'object' }] : []), { INDEXED_FIELDS: 'account,region' }];
      for (const env of envs) {
        const { handler } = setup({ HEC_ENDPOINT_TYPE: mode, ...env });
        const straight = await handler(firehoseEvent([{ recordId: 'a', approximateArrivalTimestamp: 1, data: SPLUNK_SAMPLE }]));
        const viaLogs = dataMessage([SAMPLE_LINE], { owner: '647604195155', logGroup: DIRECT_FLOW_LOG_GROUP, logStream: 'eni-05fdd58317a3a58e4', subscriptionFilters: [] });
        viaLogs.logEvents[0]!.timestamp = 1643160732000;
        const throughLogs = await handler(firehoseEvent([record('a', viaLogs)]));
        expect(straight.records[0]!.result).toBe('Ok');
        expect(straight.records[0]!.data).toBe(throughLogs.records[0]!.data);
      }
    }
    const { handler } = setup();
    const [line] = outputLines((await handler(firehoseEvent([{ recordId: 'a', data: SPLUNK_SAMPLE }]))).records[0]!.data);
    expect(JSON.parse(line!)).toEqual({ time: 1643160732, host: 'eni-05fdd58317a3a58e4', source: DIRECT_FLOW_LOG_GROUP, sourcetype: 'aws:cloudwatchlogs:vpcflow', event: SAMPLE_LINE });
  });

  it('passes the flow log filters, and counts what they removed', async () => {
    const { handler, outcomes } = setup({ VPC_FLOW_ACTIONS: 'ACCEPT', VPC_FLOW_DROP_NODATA: 'true' });
    const rejected = FLOW_LINE.replace('ACCEPT', 'REJECT');
    const nodata = '2 123456789012 eni-1 - - - - - - - 1418530010 1418530070 - NODATA';
    const response = await handler(firehoseEvent([direct('a', FLOW_LINE), direct('b', rejected), direct('c', nodata)]));
    expect(response.records.map((r) => r.result)).toEqual(['Ok', 'Dropped', 'Dropped']);
    expect(outcomes[0]!.summary).toMatchObject({ directFlowLogRecords: 3, filteredEvents: 2, emptyAfterFilter: 2, eventsOut: 1 });
  });

  it('is read the same on every path, mixed with CloudWatch Logs batches and bad records, each record answered', async () => {
    // Lines with quotes, backslashes, control characters, non-ASCII text and broken UTF-8 too:
    // the fast path must decline what it cannot copy, and the general path give the same bytes.
    const line = fc.oneof(
      fc.stringMatching(/^[0-9a-zA-Z.\- ]{0,120}$/),
      fc.string({ unit: 'grapheme', maxLength: 60 }),
      fc.string({ unit: 'binary', maxLength: 40 }),
      fc.constantFrom(FLOW_LINE, FLOW_LINE.replace('ACCEPT', 'REJECT'), FLOW_LINE.replace('1418530010', '0'), `${FLOW_LINE} extra`, ''),
      // Around what the WebAssembly Event lane takes: its start, account, interface and first byte.
      fc.constantFrom('01418530010', '1418530010000', '-', '1e9', '999999999999').map((start) => FLOW_LINE.replace('1418530010', start)),
      fc.constantFrom('2 - eni-1 a b 1 2 6 1 1 1418530010 1418530070 ACCEPT OK', '2 1 - a b 1 2 6 1 1 1418530010 1418530070 ACCEPT OK', ` ${FLOW_LINE}`, `{${FLOW_LINE}`),
    );
    const env = fc.record({
      HEC_ENDPOINT_TYPE: fc.constantFrom('Event', 'Raw'),
      VPC_FLOW_ACTIONS: fc.constantFrom('', 'ACCEPT'),
      JSON_MESSAGE_AS_OBJECT: fc.constantFrom('true', 'false'),
    });
    const kind = fc.constantFrom('direct', 'direct', 'direct-bytes', 'logs', 'bad');
    await fc.assert(
      fc.asyncProperty(env, fc.array(fc.tuple(kind, line), { minLength: 1, maxLength: 10 }), async (settings, specs) => {
        const records = specs.map(([k, text], i): FirehoseInputRecord => {
          if (k === 'direct') return direct(`r${i}`, text);
          // Raw bytes inside the message: invalid UTF-8 and unescaped control characters.
          if (k === 'direct-bytes') return { recordId: `r${i}`, approximateArrivalTimestamp: 1700000000123, data: Buffer.concat([Buffer.from('{"message":"'), Buffer.from(text, 'latin1'), Buffer.from('"}')]).toString('base64') };
          if (k === 'logs') return record(`r${i}`, dataMessage([text, `${text} again`]));
          return { recordId: `r${i}`, data: Buffer.from(`{"message":${JSON.stringify(text)}`).toString('base64') };
        });
        const vars: Record<string, string> = { HEC_ENDPOINT_TYPE: settings.HEC_ENDPOINT_TYPE, JSON_MESSAGE_AS_OBJECT: settings.JSON_MESSAGE_AS_OBJECT };
        if (settings.VPC_FLOW_ACTIONS) vars.VPC_FLOW_ACTIONS = settings.VPC_FLOW_ACTIONS;
        const answers: Array<Awaited<ReturnType<ReturnType<typeof setup>['handler']>>> = [];
        for (const path of ['wasm', 'js', 'off']) answers.push(await setup({ ...vars, FAST_PATH: path }).handler(firehoseEvent(records)));
        expect(answers[1]).toEqual(answers[0]);
        expect(answers[2]).toEqual(answers[0]);
        expect(answers[0]!.records.map((r) => r.recordId)).toEqual(records.map((r) => r.recordId));
        specs.forEach(([k], i) => {
          if (k === 'bad') expect(answers[0]!.records[i]!.result).toBe('ProcessingFailed');
        });
      }),
      { numRuns: Number(process.env.FAST_CHECK_RUNS ?? 150) },
    );
  });
});
