import { seededRandom } from '@firehose-splunk/internal';
import { gzipSync } from 'node:zlib';
import type { CloudWatchLogsDataMessage, FirehoseInputRecord, FirehoseTransformationEvent } from '../src/types.js';

const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

/** One default-format VPC flow log line. */
export function flowLogLine(random: () => number, start: number): string {
  const ip = () => `10.${Math.floor(random() * 256)}.${Math.floor(random() * 256)}.${Math.floor(random() * 256)}`;
  const action = random() < 0.85 ? 'ACCEPT' : 'REJECT';
  if (random() < 0.02) return `2 123456789012 eni-0a1b2c3d4e5f60718 - - - - - - - ${start} ${start + 60} - NODATA`;
  const protocol = pick(random, ['6', '6', '6', '17', '1']);
  return `2 123456789012 eni-0a1b2c3d4e5f60718 ${ip()} ${ip()} ${Math.floor(random() * 65535)} ${pick(random, ['443', '22', '53', '8080', '5432'])} ${protocol} ${1 + Math.floor(random() * 900)} ${40 + Math.floor(random() * 900000)} ${start} ${start + 60} ${action} OK`;
}

const WORDS = ['order', 'payment', 'naïve café', 'Grüße', '日本語テキスト', 'emoji 😀', 'tab\there', 'quote "x"', 'back\\slash', 'C:\\Temp\\app.log'];

/** One JSON application log line with quotes, backslashes, tabs and non-ASCII text. */
export function appLogLine(random: () => number, time: number): string {
  return JSON.stringify({
    level: pick(random, ['INFO', 'INFO', 'WARN', 'ERROR', 'DEBUG']),
    ts: new Date(time).toISOString(),
    requestId: `req-${Math.floor(random() * 1e9).toString(16)}`,
    message: `${pick(random, WORDS)} ${pick(random, WORDS)} processed in ${Math.floor(random() * 500)} ms`,
    user: { id: Math.floor(random() * 1e6), region: pick(random, ['eu-west-1', 'us-east-1']) },
    path: pick(random, ['/api/v1/orders', '/health', '/api/v1/pay?x="1"']),
  });
}

/**
 * The shapes of input the bench measures, each generated from a seed:
 * - `vpcflow`: VPC flow logs, 200-500 events per record (a busy flow log group);
 * - `mixed`: half flow logs, half JSON application logs, 200-500 events per record;
 * - `small-records`: 1-4 application events per record, as quiet log groups send them (most
 *   application log groups are quiet);
 * - `large-records`: 3,000-5,000 mixed events per record (a burst);
 * - `many-groups`: 1-40 events per record from 60 log groups, for the routing table of
 *   `MANY_GROUP_ROUTES`.
 */
export type CorpusKind = 'vpcflow' | 'mixed' | 'small-records' | 'large-records' | 'many-groups';

/** Events per record for each corpus: [fewest, most]. */
const EVENTS_PER_RECORD: Record<CorpusKind, [number, number]> = {
  vpcflow: [200, 500],
  mixed: [200, 500],
  'small-records': [1, 4],
  'large-records': [3000, 5000],
  'many-groups': [1, 40],
};

/** The log groups of the many-groups corpus: ten teams, six services each. */
const TEAMS = ['payments', 'orders', 'search', 'identity', 'catalog', 'shipping', 'billing', 'ads', 'mail', 'media'];
const SERVICES = ['api', 'worker', 'cron', 'gateway', 'db-proxy', 'web'];
export const MANY_GROUPS = TEAMS.flatMap((team) => SERVICES.map((service) => `/aws/lambda/${team}-${service}`));

/** A realistic routing table for the many-groups corpus: a prefix, a glob and an exact group per team. */
export const MANY_GROUP_ROUTES = JSON.stringify(
  TEAMS.flatMap((team) => [
    { logGroup: `/aws/lambda/${team}-db-proxy`, sourcetype: 'aws:rds:proxy', index: `${team}-db` },
    { logGroupGlob: `/aws/lambda/${team}-*-worker`, sourcetype: 'app:worker', index: team },
    { logGroupPrefix: `/aws/lambda/${team}-`, sourcetype: 'aws:lambda', index: team, host: '{logStream}' },
  ]),
);

/** A CloudWatch Logs payload of `events` events of the given kind. */
export function payload(kind: CorpusKind, random: () => number, events: number, index: number): CloudWatchLogsDataMessage {
  const base = 1_700_000_000_000 + index * 60_000;
  const flow = kind === 'vpcflow' || ((kind === 'mixed' || kind === 'large-records') && random() < 0.5);
  const appGroup = kind === 'many-groups' ? pick(random, MANY_GROUPS) : kind === 'small-records' ? pick(random, MANY_GROUPS.slice(0, 12)) : '/app/orders-service';
  return {
    messageType: 'DATA_MESSAGE',
    owner: '123456789012',
    logGroup: flow ? '/vpc/flow-logs' : appGroup,
    logStream: flow ? 'eni-0a1b2c3d4e5f60718-all' : `2026/11/24/[$LATEST]${index.toString(16).padStart(32, '0')}`,
    subscriptionFilters: ['splunk'],
    logEvents: Array.from({ length: events }, (_, i) => {
      const timestamp = base + i * 7;
      return {
        id: `${37000000000000000000n + BigInt(index * 100000 + i)}`,
        timestamp,
        message: flow ? flowLogLine(random, Math.floor(timestamp / 1000)) : appLogLine(random, timestamp),
      };
    }),
  };
}

/** A Firehose event whose records' compressed data adds up to about `targetBytes`. */
export function invocation(kind: CorpusKind, targetBytes: number, seed = 42): { event: FirehoseTransformationEvent; decompressedBytes: number } {
  const random = seededRandom(seed);
  const records: FirehoseInputRecord[] = [];
  let bytes = 0;
  let decompressedBytes = 0;
  for (let i = 0; bytes < targetBytes; i++) {
    const [fewest, most] = EVENTS_PER_RECORD[kind];
    const json = JSON.stringify(payload(kind, random, fewest + Math.floor(random() * (most - fewest + 1)), i));
    const compressed = gzipSync(json);
    decompressedBytes += Buffer.byteLength(json);
    bytes += compressed.length;
    records.push({ recordId: `bench-${i}`, approximateArrivalTimestamp: 1_700_000_000_000, data: compressed.toString('base64') });
  }
  return {
    event: {
      invocationId: `bench-${kind}-${targetBytes}`,
      deliveryStreamArn: 'arn:aws:firehose:us-east-1:123456789012:deliverystream/bench',
      region: 'us-east-1',
      records,
    },
    decompressedBytes,
  };
}

/**
 * Flow logs published straight to Firehose: one record per flow log line, `{"message": line}`
 * uncompressed, as VPC flow logs deliver them (see src/record/direct-flow-log.ts); records
 * whose data adds up to about `targetBytes`. `viaLogs` carries the same lines as CloudWatch
 * Logs batches of 300, so the two routes are compared line for line.
 */
export function directFlowInvocation(targetBytes: number, seed = 42): { event: FirehoseTransformationEvent; viaLogs: FirehoseTransformationEvent; lines: number } {
  const random = seededRandom(seed);
  const records: FirehoseInputRecord[] = [];
  const lines: string[] = [];
  let bytes = 0;
  for (let i = 0; bytes < targetBytes; i++) {
    const line = flowLogLine(random, 1_700_000_000 + Math.floor(i / 50) * 60);
    const data = Buffer.from(JSON.stringify({ message: line }));
    bytes += data.length;
    lines.push(line);
    records.push({ recordId: `direct-${i}`, approximateArrivalTimestamp: 1_700_000_000_000, data: data.toString('base64') });
  }
  const batches: FirehoseInputRecord[] = [];
  for (let at = 0; at < lines.length; at += 300) {
    const message: CloudWatchLogsDataMessage = {
      messageType: 'DATA_MESSAGE',
      owner: '123456789012',
      logGroup: '/vpc/flow-logs',
      logStream: 'eni-0a1b2c3d4e5f60718-all',
      subscriptionFilters: ['splunk'],
      logEvents: lines.slice(at, at + 300).map((message, i) => ({ id: String(at + i), timestamp: Number(message.split(' ')[10]) * 1000, message })),
    };
    batches.push({ recordId: `logs-${at}`, approximateArrivalTimestamp: 1_700_000_000_000, data: gzipSync(JSON.stringify(message)).toString('base64') });
  }
  const event = (kind: string, recs: FirehoseInputRecord[]): FirehoseTransformationEvent => ({
    invocationId: `bench-${kind}-${targetBytes}`,
    deliveryStreamArn: 'arn:aws:firehose:us-east-1:123456789012:deliverystream/bench',
    region: 'us-east-1',
    records: recs,
  });
  return { event: event('direct-flow', records), viaLogs: event('direct-flow-via-logs', batches), lines: lines.length };
}
