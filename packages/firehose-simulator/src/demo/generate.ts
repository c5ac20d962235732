import { seededRandom } from '@firehose-splunk/internal';
import { gzipSync } from 'node:zlib';

/** A source record the demo puts into Firehose, with the messages it carries. */
export interface GeneratedRecord {
  data: Buffer;
  messages: string[];
  corrupt: boolean;
  /** A flow log line as VPC flow logs put it straight into Firehose, not a CloudWatch Logs batch. */
  direct?: boolean;
}

export interface GenerateOptions {
  events: number;
  seed: number;
  /** Corrupt about this share of records (their events must end in the backup). */
  corruptShare: number;
  /** Make about this share of records large, so the response budget forces splits and re-ingest. */
  largeShare: number;
}

export const FLOW_LOG_GROUP = '/vpc/flow-logs';
export const APP_LOG_GROUP = '/app/orders-service';
export const DEMO_ACCOUNT = '123456789012';

/** Events in an ordinary record, and in a large one (large enough to pass a small response budget). */
const ORDINARY_EVENTS = { min: 20, spread: 200 };
const LARGE_EVENTS = { min: 3000, spread: 2000 };
/** Share of records that are flow logs; the rest are application logs. */
const FLOW_LOG_SHARE = 0.6;
/**
 * Share of ordinary flow log batches that arrive as VPC flow logs publish straight to Firehose
 * (`--flow-logs-to firehose`): one uncompressed `{"message": line}` record per line, no log group.
 * @see https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-firehose.html
 */
const DIRECT_FLOW_SHARE = 0.25;

type Random = () => number;
const below = (random: Random, n: number) => Math.floor(random() * n);
const oneOf = <T>(random: Random, items: readonly T[]): T => items[below(random, items.length)] as T;

/**
 * A VPC flow log line in the default version 2 format, unique by `seq`: the sequence number is
 * the packet count, or for a NODATA line part of the interface id.
 * @see https://docs.aws.amazon.com/vpc/latest/userguide/flow-log-records.html
 */
function flowLogMessage(random: Random, seq: number, epochSeconds: number): string {
  const end = epochSeconds + 60;
  if (random() < 0.02) return `2 ${DEMO_ACCOUNT} eni-${seq.toString(16).padStart(17, '0')} - - - - - - - ${epochSeconds} ${end} - NODATA`;
  const address = () => `10.${below(random, 256)}.${below(random, 256)}.${below(random, 256)}`;
  const protocol = oneOf(random, ['6', '6', '17', '1']);
  const action = random() < 0.9 ? 'ACCEPT' : 'REJECT';
  const bytes = 40 * (seq + 1) + below(random, 100_000);
  return `2 ${DEMO_ACCOUNT} eni-0f1e2d3c4b5a69788 ${address()} ${address()} ${1024 + below(random, 64_000)} ${oneOf(random, ['443', '80', '53', '5432'])} ${protocol} ${seq + 1} ${bytes} ${epochSeconds} ${end} ${action} OK`;
}

/** Text that makes the Lambda's escape handling work: quotes, backslashes, tabs, non-ASCII. */
const ORDER_NOTES = ['gift wrap "please"', 'deliver to C:\\Users\\front desk', 'Grüße aus Köln', 'tab\tseparated', '配達は午前中', 'thanks 🎉', 'plain note'];

/** A JSON application log line, unique by `seq`. */
function appLogMessage(random: Random, seq: number, epochMs: number): string {
  return JSON.stringify({
    seq,
    level: oneOf(random, ['INFO', 'INFO', 'INFO', 'WARN', 'ERROR']),
    time: new Date(epochMs).toISOString(),
    event: oneOf(random, ['order.created', 'order.paid', 'order.shipped', 'payment.declined']),
    orderId: `o-${(seq * 7919).toString(36)}`,
    amountCents: below(random, 100_000),
    note: oneOf(random, ORDER_NOTES),
  });
}

/**
 * CloudWatch Logs subscription payloads as CloudWatch Logs writes them (gzip JSON), VPC flow
 * logs and JSON application logs, and some flow logs as they arrive straight from VPC flow
 * logs (one record per line), every message unique so the demo can find each one again.
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/SubscriptionFilters.html
 */
export function generateRecords(options: GenerateOptions): GeneratedRecord[] {
  const random = seededRandom(options.seed);
  const records: GeneratedRecord[] = [];
  let seq = 0;
  for (let batch = 0; seq < options.events; batch++) {
    const flow = random() < FLOW_LOG_SHARE;
    const size = random() < options.largeShare ? LARGE_EVENTS : ORDINARY_EVENTS;
    const count = Math.min(options.events - seq, size.min + below(random, size.spread));
    const firstMs = 1_700_000_000_000 + batch * 60_000;
    const logEvents = [];
    for (let i = 0; i < count; i++, seq++) {
      const timestamp = firstMs + i * 13;
      const message = flow ? flowLogMessage(random, seq, Math.floor(timestamp / 1000)) : appLogMessage(random, seq, timestamp);
      logEvents.push({ id: String(37_000_000_000_000_000_000n + BigInt(seq)), timestamp, message });
    }
    if (flow && size === ORDINARY_EVENTS && random() < DIRECT_FLOW_SHARE) {
      for (const { message } of logEvents) records.push({ data: Buffer.from(JSON.stringify({ message })), messages: [message], corrupt: false, direct: true });
      continue;
    }
    const payload = {
      messageType: 'DATA_MESSAGE',
      owner: DEMO_ACCOUNT,
      logGroup: flow ? FLOW_LOG_GROUP : APP_LOG_GROUP,
      logStream: flow ? `eni-0f1e2d3c4b5a6${String(batch % 10).padStart(4, '0')}-all` : `2026/12/01/[$LATEST]${batch.toString(16).padStart(32, '0')}`,
      subscriptionFilters: ['to-splunk'],
      logEvents,
    };
    let data = gzipSync(JSON.stringify(payload));
    const corrupt = random() < options.corruptShare;
    if (corrupt) {
      // A flipped byte in the deflate stream: the gzip CRC no longer matches.
      data = Buffer.from(data);
      const at = 20 + below(random, data.length - 30);
      data[at] = (data[at] ?? 0) ^ 0xff;
    }
    records.push({ data, messages: logEvents.map((e) => e.message), corrupt });
  }
  return records;
}
