// `pnpm bench`: events per second into the mock with acks on, against a bare node:http
// server that reads the same bodies and JSON.parses every event (the least a faithful HEC
// does), measured in the same run, for several batch sizes (BENCH_EVENTS_PER_REQUEST picks one).
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { Agent, request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { BENCH_TOKEN } from './shared.js';

const BATCH_SIZES = process.env.BENCH_EVENTS_PER_REQUEST ? [Number(process.env.BENCH_EVENTS_PER_REQUEST)] : [1, 10, 100, 1000];
const CONCURRENCY = 8;
const SECONDS = process.argv.includes('--quick') ? 1 : 3;
// The machine is shared and noisy: the best of four interleaved rounds per server.
const ROUNDS = process.argv.includes('--quick') ? 2 : 4;
/** The mock keeps at least this share of the bare JSON-parsing server's rate at every batch size. */
const TARGET_RATIO = 0.75;

function body(eventsPerRequest: number): Buffer {
  const lines: string[] = [];
  for (let i = 0; i < eventsPerRequest; i++) {
    lines.push(
      JSON.stringify({
        time: 1_700_000_000 + i / 1000,
        host: 'eni-0a1b2c3d4e5f60718-all',
        source: '/vpc/flow-logs',
        sourcetype: 'aws:cloudwatchlogs:vpcflow',
        event: `2 123456789012 eni-0a1b2c3d4e5f60718 10.0.${i % 256}.7 10.1.2.3 49152 443 6 10 8400 1700000000 1700000060 ACCEPT OK`,
      }),
    );
  }
  return Buffer.from(`${lines.join('\n')}\n`);
}

async function startChild(kind: 'mock' | 'bare'): Promise<{ child: ChildProcess; port: number }> {
  const script = fileURLToPath(new URL('./server-child.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', script, kind], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout!.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim())));
    child.once('exit', (code) => reject(new Error(`${kind} server exited with ${code}`)));
  });
  return { child, port };
}

/** Sends batches for `seconds` with a fixed number in flight; returns events per second. */
async function load(port: number, seconds: number, eventsPerRequest: number): Promise<number> {
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const payload = body(eventsPerRequest);
  const channel = randomUUID();
  const deadline = Date.now() + seconds * 1000;
  let events = 0;
  const worker = async () => {
    while (Date.now() < deadline) {
      await new Promise<void>((resolve, reject) => {
        const req = request(
          { host: '127.0.0.1', port, path: '/services/collector/event', method: 'POST', agent, headers: { Authorization: `Splunk ${BENCH_TOKEN}`, 'X-Splunk-Request-Channel': channel, 'Content-Length': payload.length } },
          (res) => {
            res.resume();
            res.on('end', () => {
              if (res.statusCode === 200) events += eventsPerRequest;
              resolve();
            });
          },
        );
        req.on('error', reject);
        req.end(payload);
      });
    }
  };
  const started = Date.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  agent.destroy();
  return events / ((Date.now() - started) / 1000);
}

const mock = await startChild('mock');
const bare = await startChild('bare');
const best = (values: number[]) => Math.max(...values);
const rows: string[] = [];
try {
  for (const size of BATCH_SIZES) {
    const rates = { mock: [] as number[], bare: [] as number[] };
    for (let round = 0; round < ROUNDS; round++) {
      rates.bare.push(await load(bare.port, SECONDS, size));
      rates.mock.push(await load(mock.port, SECONDS, size));
    }
    const ratio = best(rates.mock) / best(rates.bare);
    const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
    const eventBytes = body(size).length / size;
    const target = ratio >= TARGET_RATIO ? 'met' : 'MISSED';
    rows.push(`| ${size} | ${fmt(best(rates.bare))} | ${fmt(best(rates.mock))} | ${ratio.toFixed(2)} (${target}) | ${((best(rates.mock) * eventBytes) / 1e6).toFixed(1)} |`);
  }
} finally {
  mock.child.kill();
  bare.child.kill();
}
console.log(`hec-mock bench, Node ${process.version}: ${CONCURRENCY} requests in flight, ${SECONDS} s x ${ROUNDS} rounds per size, best round\n`);
console.log('| events per request | bare node:http (read, JSON.parse each event) events/s | hec-mock (ack on) events/s | mock / bare | MB/s into the mock |');
console.log('| ---: | ---: | ---: | ---: | ---: |');
for (const row of rows) console.log(row);
