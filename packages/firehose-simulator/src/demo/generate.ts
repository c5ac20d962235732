import { gzipSync } from 'node:zlib';
import { appLogLine, flowLogLine, prng } from '../bench/corpus.js';
import type { CloudWatchLogsDataMessage } from '../src/types.js';

/** A source record the demo puts into Firehose, with the messages it carries. */
export interface GeneratedRecord {
  data: Buffer;
  messages: string[];
  corrupt: boolean;
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

/**
 * Realistic CloudWatch Logs subscription payloads: VPC flow logs and JSON application logs,
 * every message unique (a sequence number is part of it) so the demo can find each one again.
 */
export function generateRecords(options: GenerateOptions): GeneratedRecord[] {
  const random = prng(options.seed);
  const records: GeneratedRecord[] = [];
  let sequence = 0;
  let batch = 0;
  while (sequence < options.events) {
    const flow = random() < 0.6;
    const large = random() < options.largeShare;
    const count = Math.min(options.events - sequence, large ? 3000 + Math.floor(random() * 2000) : 20 + Math.floor(random() * 200));
    const base = 1_700_000_000_000 + batch * 60_000;
    const logEvents = Array.from({ length: count }, (_, i) => {
      const seq = sequence++;
      const timestamp = base + i * 13;
      const message = flow
        ? uniqueFlowLine(flowLogLine(random, Math.floor(timestamp / 1000)), seq)
        : appLogLine(random, timestamp).replace(/^\{/, `{"seq":${seq},`);
      return { id: `${37000000000000000000n + BigInt(seq)}`, timestamp, message };
    });
    const payload: CloudWatchLogsDataMessage = {
      messageType: 'DATA_MESSAGE',
      owner: '123456789012',
      logGroup: flow ? FLOW_LOG_GROUP : APP_LOG_GROUP,
      logStream: flow ? `eni-0a1b2c3d4e5f6${String(batch % 10).padStart(4, '0')}-all` : `2026/11/24/[$LATEST]${batch.toString(16).padStart(32, '0')}`,
      subscriptionFilters: ['to-splunk'],
      logEvents,
    };
    let data = gzipSync(JSON.stringify(payload));
    const corrupt = random() < options.corruptShare;
    if (corrupt) {
      // A flipped byte in the deflate stream: the gzip CRC no longer matches.
      data = Buffer.from(data);
      const at = 20 + Math.floor(random() * (data.length - 30));
      data[at] = (data[at] ?? 0) ^ 0xff;
    }
    records.push({ data, messages: logEvents.map((e) => e.message), corrupt });
    batch++;
  }
  return records;
}

/** Makes a flow log line unique: the sequence number goes into the packets field, or for a NODATA line into the interface id. */
function uniqueFlowLine(line: string, seq: number): string {
  const fields = line.split(' ');
  if (fields[13] === 'OK') fields[8] = String(seq + 1);
  else fields[2] = `eni-${seq.toString(16).padStart(17, '0')}`;
  return fields.join(' ');
}
