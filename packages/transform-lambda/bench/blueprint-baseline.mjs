// What the public Firehose CloudWatch Logs processor blueprint does per record: gunzip,
// JSON.parse, one string per event, join, base64. No budget, no routing: the bar to beat.
// Plain JavaScript, so the cold-start and memory probes load it as they load the Lambda bundle.
import { gunzipSync } from 'node:zlib';

/** @param {'Event' | 'Raw'} mode */
export function blueprintHandler(mode) {
  return (event) => ({
    records: event.records.map((record) => {
      const payload = JSON.parse(gunzipSync(Buffer.from(record.data, 'base64')).toString('utf8'));
      if (payload.messageType !== 'DATA_MESSAGE') return { recordId: record.recordId, result: 'Dropped' };
      const lines = payload.logEvents.map((e) =>
        mode === 'Event'
          ? JSON.stringify({ time: e.timestamp / 1000, host: payload.logStream, source: payload.logGroup, sourcetype: 'aws:cloudwatchlogs', event: e.message })
          : e.message,
      );
      return { recordId: record.recordId, result: 'Ok', data: Buffer.from(`${lines.join('\n')}\n`).toString('base64') };
    }),
  });
}
