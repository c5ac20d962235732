// One server per process, so the load generator does not share its event loop.
// Usage: server-child.ts <mock|bare>; prints the port on stdout.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startHecMock } from '../src/server.js';
import { BENCH_TOKEN } from './shared.js';

const kind = process.argv[2];
if (kind === 'mock') {
  const mock = await startHecMock({ tokens: [BENCH_TOKEN], ack: true, ackOptions: { indexingDelayMs: 10 } });
  process.stdout.write(`${mock.port}\n`);
} else {
  // The floor: read the whole body, discard it, answer like HEC would.
  const server = createServer((req, res) => {
    req.on('data', () => {});
    req.on('end', () => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('{"text":"Success","code":0}');
    });
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () => process.stdout.write(`${(server.address() as AddressInfo).port}\n`));
}
