import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { FirehoseClient } from '@aws-sdk/client-firehose';
import { KinesisClient } from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import nock from 'nock';
import { createHandler } from '../src/handler.js';
import { createMemoryLogger } from '../src/observability/logger.js';
import { noMetrics } from '../src/observability/metrics.js';
import { firehoseSender, kinesisSender } from '../src/reingest/reingest-senders.js';
import { config, dataMessage, firehoseEvent, KINESIS_ARN, record, STREAM_ARN } from './helpers.js';

const credentials = { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' };
const FIREHOSE = 'https://firehose.us-east-1.amazonaws.com';
// PutRecords with a StreamARN goes to the account-scoped data endpoint.
const KINESIS = 'https://123456789012.data-kinesis.us-east-1.amazonaws.com';

interface PutBody {
  DeliveryStreamName?: string;
  StreamARN?: string;
  Records: Array<{ Data: string; PartitionKey?: string }>;
}

/** The SDK sends application/x-amz-json-1.1, which nock hands over as text. */
function parse(body: unknown): PutBody {
  return (typeof body === 'string' ? JSON.parse(body) : body) as PutBody;
}

function handlerWith(env: Record<string, string> = {}) {
  const firehose = new FirehoseClient({ region: 'us-east-1', credentials, maxAttempts: 1 });
  const kinesis = new KinesisClient({ region: 'us-east-1', credentials, maxAttempts: 1, requestHandler: new NodeHttpHandler() });
  return createHandler({
    config: config({ RESPONSE_BUDGET_BYTES: '8000', REINGEST_BASE_DELAY_MS: '1', REINGEST_MAX_ATTEMPTS: '3', ...env }),
    logger: createMemoryLogger(),
    metrics: noMetrics,
    senderFor: (target) =>
      target.kind === 'firehose' ? firehoseSender(target.deliveryStreamArn, firehose) : kinesisSender(target.streamArn, kinesis),
  });
}

const bigRecords = (n: number) =>
  Array.from({ length: n }, (_, i) => record(`r${i}`, dataMessage([`${i}:${'z'.repeat(3000)}`]), `pk-${i}`));

beforeAll(() => {
  if (!nock.isActive()) nock.activate();
  nock.disableNetConnect();
});
// Jest reuses worker processes across test files and node:http is shared between them:
// leave the worker's network as it was found, or later loopback tests cannot connect.
afterAll(() => {
  nock.cleanAll();
  nock.enableNetConnect();
  nock.restore();
});
afterEach(() => {
  nock.cleanAll();
});

describe('re-ingest over the Firehose wire API', () => {
  it('sends PutRecordBatch to the delivery stream and retries only rejected entries', async () => {
    const bodies: PutBody[] = [];
    nock(FIREHOSE)
      .post('/')
      .matchHeader('x-amz-target', 'Firehose_20150804.PutRecordBatch')
      .reply(200, (_uri, body) => {
        bodies.push(parse(body));
        const records = parse(body).Records;
        return {
          FailedPutCount: 1,
          Encrypted: false,
          RequestResponses: records.map((_, i) =>
            i === 0 ? { ErrorCode: 'ServiceUnavailableException', ErrorMessage: 'Slow down.' } : { RecordId: `ok-${i}` },
          ),
        };
      })
      .post('/')
      .reply(200, (_uri, body) => {
        bodies.push(parse(body));
        return { FailedPutCount: 0, Encrypted: false, RequestResponses: parse(body).Records.map(() => ({ RecordId: 'x' })) };
      });
    const records = bigRecords(4);
    const response = await handlerWith()(firehoseEvent(records));
    const deferred = response.records.filter((r) => r.result === 'Dropped').map((r) => r.recordId);
    expect(deferred.length).toBeGreaterThan(0);
    expect(bodies[0]!.DeliveryStreamName).toBe('logs-to-splunk');
    expect(bodies[0]!.Records.map((r) => r.Data)).toEqual(records.filter((r) => deferred.includes(r.recordId)).map((r) => r.data));
    expect(bodies[1]!.Records).toEqual([bodies[0]!.Records[0]]);
    expect(nock.isDone()).toBe(true);
  });

  it('retries throttled calls, then answers ProcessingFailed when the stream never accepts', async () => {
    let calls = 0;
    nock(FIREHOSE)
      .post('/')
      .times(3)
      .reply(() => {
        calls++;
        return [400, { __type: 'ThrottlingException', message: 'Rate exceeded' }];
      });
    const response = await handlerWith()(firehoseEvent(bigRecords(3)));
    expect(calls).toBe(3);
    expect(response.records.map((r) => r.result)).toEqual(['Ok', 'ProcessingFailed', 'ProcessingFailed']);
  });

  it('recovers from a 503 on the first call', async () => {
    nock(FIREHOSE)
      .post('/')
      .reply(503, { __type: 'ServiceUnavailableException', message: 'busy' })
      .post('/')
      .reply(200, (_uri, body) => ({
        FailedPutCount: 0,
        RequestResponses: parse(body).Records.map(() => ({ RecordId: 'x' })),
      }));
    const response = await handlerWith()(firehoseEvent(bigRecords(3)));
    expect(response.records.map((r) => r.result)).toEqual(['Ok', 'Dropped', 'Dropped']);
  });
});

describe('re-ingest over the Kinesis wire API', () => {
  it('sends PutRecords to the source stream with the original partition keys, retrying failed entries', async () => {
    const bodies: PutBody[] = [];
    nock(KINESIS)
      .post('/')
      .matchHeader('x-amz-target', 'Kinesis_20131202.PutRecords')
      .reply(200, (_uri, body) => {
        bodies.push(parse(body));
        return {
          FailedRecordCount: 1,
          Records: parse(body).Records.map((_, i) =>
            i === 1
              ? { ErrorCode: 'ProvisionedThroughputExceededException', ErrorMessage: 'Rate exceeded for shard' }
              : { SequenceNumber: '1', ShardId: 'shardId-000000000000' },
          ),
        };
      })
      .post('/')
      .reply(200, (_uri, body) => {
        bodies.push(parse(body));
        return { FailedRecordCount: 0, Records: parse(body).Records.map(() => ({ SequenceNumber: '2', ShardId: 's' })) };
      });
    const response = await handlerWith()(firehoseEvent(bigRecords(4), 'kinesis'));
    expect(bodies[0]!.StreamARN).toBe(KINESIS_ARN);
    const deferredIds = response.records.filter((r) => r.result === 'Dropped').map((r) => r.recordId);
    expect(bodies[0]!.Records.map((r) => r.PartitionKey)).toEqual(deferredIds.map((id) => `pk-${id.slice(1)}`));
    expect(bodies[1]!.Records).toEqual([bodies[0]!.Records[1]]);
    expect(nock.isDone()).toBe(true);
  });

  it('fails fast when the role may not write to the stream', async () => {
    let calls = 0;
    nock(KINESIS)
      .post('/')
      .reply(() => {
        calls++;
        return [400, { __type: 'AccessDeniedException', message: 'User is not authorized to perform: kinesis:PutRecords' }];
      });
    const response = await handlerWith()(firehoseEvent(bigRecords(2), 'kinesis'));
    expect(calls).toBe(1);
    expect(response.records.map((r) => r.result)).toEqual(['Ok', 'ProcessingFailed']);
  });
});

it('uses the stream ARN of the event for Direct PUT', () => {
  expect(firehoseSender(STREAM_ARN, new FirehoseClient({ region: 'us-east-1', credentials })).description).toBe(
    'firehose:PutRecordBatch to logs-to-splunk',
  );
});
