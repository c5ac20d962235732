import { gzipSync } from 'node:zlib';
import { loadConfig, type TransformConfig } from '../src/config.js';
import type { CloudWatchLogsDataMessage, FirehoseInputRecord, FirehoseTransformationEvent } from '../src/types.js';

export const STREAM_ARN = 'arn:aws:firehose:us-east-1:123456789012:deliverystream/logs-to-splunk';
export const KINESIS_ARN = 'arn:aws:kinesis:us-east-1:123456789012:stream/log-source';

export const FLOW_LINE =
  '2 123456789012 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK';

/** A config from env-style variables with metrics off. */
export function config(env: Record<string, string> = {}): TransformConfig {
  return loadConfig({ METRICS_ENABLED: 'false', ...env });
}

/** A DATA_MESSAGE with the given messages, timestamps one ms apart. */
export function dataMessage(messages: string[], overrides: Partial<CloudWatchLogsDataMessage> = {}): CloudWatchLogsDataMessage {
  return {
    messageType: 'DATA_MESSAGE',
    owner: '123456789012',
    logGroup: '/app/orders',
    logStream: 'i-0abc',
    subscriptionFilters: ['to-firehose'],
    logEvents: messages.map((message, i) => ({ id: `${36000000000000000 + i}`, timestamp: 1700000000000 + i, message })),
    ...overrides,
  };
}

/** base64(gzip(JSON)) as CloudWatch Logs puts it into Firehose. */
export function encodePayload(payload: unknown): string {
  return gzipSync(typeof payload === 'string' ? payload : JSON.stringify(payload)).toString('base64');
}

export function record(recordId: string, payload: unknown, partitionKey?: string): FirehoseInputRecord {
  const r: FirehoseInputRecord = { recordId, approximateArrivalTimestamp: 1700000000000, data: encodePayload(payload) };
  if (partitionKey !== undefined) r.kinesisRecordMetadata = { partitionKey, shardId: 'shardId-000000000000' };
  return r;
}

export function firehoseEvent(records: FirehoseInputRecord[], source: 'direct' | 'kinesis' = 'direct'): FirehoseTransformationEvent {
  const event: FirehoseTransformationEvent = { invocationId: 'inv-1', region: 'us-east-1', records };
  if (source === 'direct') event.deliveryStreamArn = STREAM_ARN;
  else {
    event.deliveryStreamArn = STREAM_ARN;
    event.sourceKinesisStreamArn = KINESIS_ARN;
  }
  return event;
}

/** Decodes an Ok record's data into its lines. */
export function outputLines(data: string | undefined): string[] {
  const text = Buffer.from(data ?? '', 'base64').toString('utf8');
  return text.split('\n').slice(0, -1);
}

/**
 * First messages sourcetype detection must read alike on every path: CloudTrail events, near
 * misses, escaped look-alikes, and a message that starts with a digit without being a flow log.
 */
export const DETECTION_MESSAGES = [
  '{"eventVersion":"1.08","eventSource":"s3.amazonaws.com","awsRegion":"eu-west-1","eventName":"GetObject"}',
  '{"eventVersion":"1.08","eventSource":"s3.amazonaws.com"}',
  '{"note":"\\"eventVersion\\" \\"eventSource\\" \\"awsRegion\\""}',
  '{\t"eventVersion":1,"eventSource":2,"awsRegion":3}',
  ' {"eventVersion":1,"eventSource":2,"awsRegion":3}',
  '\u0007{"eventVersion":1}',
  '7 not a flow log line',
] as const;

/**
 * ROUTES values whose templates mix literal text (quotes, backslashes, non-ASCII, lone and
 * split surrogates) with the header's values, with and without index and sourcetype: the record
 * pipeline writes these heads from bytes, the general path with JSON.stringify.
 */
export const ROUTE_TABLES = [
  '',
  JSON.stringify([{ logGroupPrefix: '/app/', host: 'h "{account}" \\ {logStream}/{region}', source: 'src:{logGroup}:é', index: 'idx' }]),
  JSON.stringify([{ logGroupGlob: '*flow*', sourcetype: 'custom:flow', host: '{account}{logGroup}' }, { logGroupPrefix: '/', source: '\ud83d{logStream}\ude00' }]),
  JSON.stringify([{ logGroup: '/app/x', host: '\ud800{region}\udc00', source: '{logGroup} {logGroup}' }]),
] as const;
