import { gunzipSync } from 'node:zlib';
import type { FirehoseTransformationEvent, FirehoseTransformationResult } from '../src/types.js';

/**
 * What the public Firehose CloudWatch Logs processor blueprint does per record: gunzip,
 * JSON.parse, one string per event, join, base64. No budget, no routing: the bar to beat.
 */
export function blueprintHandler(mode: 'Event' | 'Raw') {
  return (event: FirehoseTransformationEvent): FirehoseTransformationResult => ({
    records: event.records.map((record) => {
      const payload = JSON.parse(gunzipSync(Buffer.from(record.data, 'base64')).toString('utf8'));
      if (payload.messageType !== 'DATA_MESSAGE') return { recordId: record.recordId, result: 'Dropped' as const };
      const lines = payload.logEvents.map((e: { timestamp: number; message: string }) =>
        mode === 'Event'
          ? JSON.stringify({ time: e.timestamp / 1000, host: payload.logStream, source: payload.logGroup, sourcetype: 'aws:cloudwatchlogs', event: e.message })
          : e.message,
      );
      return { recordId: record.recordId, result: 'Ok' as const, data: Buffer.from(`${lines.join('\n')}\n`).toString('base64') };
    }),
  });
}
