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

// What Splunk's processor for flow logs delivered straight to Firehose does per record
// (splunk/splunk-aws-firehose-flowlogs-processor): base64, JSON.parse, the message and a
// newline, base64. It writes Raw only; for Event the same with one JSON.stringify per line.
/** @param {'Event' | 'Raw'} mode */
export function directFlowBlueprintHandler(mode) {
  return (event) => ({
    records: event.records.map((record) => {
      const { message } = JSON.parse(Buffer.from(record.data, 'base64').toString('utf8'));
      const line =
        mode === 'Event'
          ? JSON.stringify({ time: Number(message.split(' ')[10]), host: 'firehose', source: 'vpc-flow-logs', sourcetype: 'aws:cloudwatchlogs:vpcflow', event: message })
          : message;
      return { recordId: record.recordId, result: 'Ok', data: Buffer.from(`${line}\n`).toString('base64') };
    }),
  });
}
