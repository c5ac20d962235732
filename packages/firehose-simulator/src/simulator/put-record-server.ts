import { FIREHOSE_MAX_RECORD_BYTES, PUT_RECORD_BATCH_MAX_BYTES, PUT_RECORD_BATCH_MAX_RECORDS } from '@firehose-splunk/internal';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Serves Firehose's PutRecord and PutRecordBatch (JSON 1.1 protocol) on 127.0.0.1, so a
 * real AWS SDK client with its endpoint overridden can put records into the simulator.
 * Signatures are not checked: any credentials work.
 */
export async function startPutRecordServer(
  streamName: string,
  accept: (records: Buffer[]) => string[],
): Promise<{ url: string; server: Server; calls: () => number }> {
  let calls = 0;
  const fail = (res: ServerResponse, status: number, type: string, message: string) => {
    res.writeHead(status, { 'Content-Type': 'application/x-amz-json-1.1' });
    res.end(JSON.stringify({ __type: type, message }));
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      calls++;
      const target = String(req.headers['x-amz-target'] ?? '');
      let body: { DeliveryStreamName?: string; Records?: Array<{ Data?: string }>; Record?: { Data?: string } };
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        return fail(res, 400, 'SerializationException', 'the request body is not JSON');
      }
      if (body.DeliveryStreamName !== streamName) {
        return fail(res, 400, 'ResourceNotFoundException', `Firehose ${body.DeliveryStreamName} under account is not found.`);
      }
      const records = target.endsWith('.PutRecordBatch') ? body.Records : target.endsWith('.PutRecord') && body.Record ? [body.Record] : undefined;
      if (!records) return fail(res, 400, 'UnknownOperationException', `operation ${target} is not simulated`);
      if (records.length === 0 || records.length > PUT_RECORD_BATCH_MAX_RECORDS) {
        return fail(res, 400, 'ValidationException', `Records must hold 1 to ${PUT_RECORD_BATCH_MAX_RECORDS} records`);
      }
      const data = records.map((r) => Buffer.from(r.Data ?? '', 'base64'));
      if (data.some((d) => d.length > FIREHOSE_MAX_RECORD_BYTES)) {
        return fail(res, 400, 'ValidationException', `a record is larger than ${FIREHOSE_MAX_RECORD_BYTES} bytes`);
      }
      if (data.reduce((sum, d) => sum + d.length, 0) > PUT_RECORD_BATCH_MAX_BYTES) {
        return fail(res, 400, 'ValidationException', `the records hold more than ${PUT_RECORD_BATCH_MAX_BYTES} bytes in all`);
      }
      const ids = accept(data);
      res.writeHead(200, { 'Content-Type': 'application/x-amz-json-1.1' });
      res.end(
        JSON.stringify(
          target.endsWith('.PutRecordBatch')
            ? { FailedPutCount: 0, Encrypted: false, RequestResponses: ids.map((RecordId) => ({ RecordId })) }
            : { RecordId: ids[0], Encrypted: false },
        ),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, calls: () => calls };
}
