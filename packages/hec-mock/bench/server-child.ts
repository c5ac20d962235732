// One server per process, so the load generator does not share its event loop.
// Usage: server-child.ts <mock|bare>; prints the port on stdout.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
// The mock as users run it: the built package, not the sources through tsx.
import { startHecMock } from '../dist/index.js';
import { BENCH_TOKEN } from './shared.js';

const kind = process.argv[2];
if (kind === 'mock') {
  const mock = await startHecMock({ tokens: [BENCH_TOKEN], ack: true, ackOptions: { indexingDelayMs: 10 } });
  process.stdout.write(`${mock.port}\n`);
} else {
  // The least a faithful HEC does: read the whole body and JSON.parse every event in it
  // (one per line, as the bench sends them), then answer like HEC would. Nothing is checked,
  // kept or acknowledged.
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      let events = 0;
      for (const line of Buffer.concat(chunks).toString('utf8').split('\n')) {
        if (line.length > 0 && JSON.parse(line) !== undefined) events++;
      }
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(events > 0 ? '{"text":"Success","code":0}' : '{"text":"No data","code":5}');
    });
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () => process.stdout.write(`${(server.address() as AddressInfo).port}\n`));
}
