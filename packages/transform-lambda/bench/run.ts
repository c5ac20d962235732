// `pnpm bench`: the handler against the public blueprint's approach, and against bare
// native gunzip, on the same generated invocations in the same process.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { trailerSize } from '../src/record/gunzip.js';
import { fileURLToPath } from 'node:url';
import { blueprintHandler } from './blueprint-baseline.js';
import { invocation, type CorpusKind } from './corpus.js';
import { benchHandler } from './harness.js';
import { loggerCost } from './logger-cost.js';
import type { FirehoseTransformationEvent } from '../src/types.js';

const quick = process.argv.includes('--quick');
const SIZES = quick ? [256 * 1024] : [256 * 1024, 600 * 1024, 1024 * 1024, 3 * 1024 * 1024];
const KINDS: CorpusKind[] = ['vpcflow', 'mixed'];
const MODES = ['Event', 'Raw'] as const;
const MIN_SAMPLES = quick ? 3 : 7;
const MIN_MS = quick ? 300 : 1200;
// Throughput cases measure transformation, not the response limit: the budget is lifted
// so no record is deferred unread (the 6 MB case below measures that path).
const NO_LIMIT = Number.MAX_SAFE_INTEGER;

type Run = () => unknown;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

/** Times the contenders interleaved, so machine noise hits all of them alike; returns median ms. */
async function race(contenders: Record<string, Run>): Promise<Record<string, number>> {
  const names = Object.keys(contenders);
  const samples: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (const name of names) await contenders[name]!(); // warm-up
  const started = performance.now();
  while (samples[names[0]!]!.length < MIN_SAMPLES || performance.now() - started < MIN_MS) {
    for (const name of names) {
      globalThis.gc?.();
      const t0 = performance.now();
      await contenders[name]!();
      samples[name]!.push(performance.now() - t0);
    }
  }
  return Object.fromEntries(names.map((n) => [n, median(samples[n]!)]));
}

/** The physical floor: native gunzip of the same records, its output sized from the gzip trailer. */
function bareGunzip(event: FirehoseTransformationEvent): Run {
  const compressed = event.records.map((r) => Buffer.from(r.data, 'base64'));
  return () => {
    for (const c of compressed) gunzipSync(c, { chunkSize: Math.max(64, trailerSize(c) + 1) });
  };
}

const fmt = (n: number, digits = 1) => n.toFixed(digits);
const label = (bytes: number) => (bytes >= 1024 * 1024 ? `${bytes / 1024 / 1024} MB` : `${bytes / 1024} KB`);

console.log(`transform-lambda bench, Node ${process.version}${quick ? ' (quick)' : ''}`);
console.log('MB/s is decompressed CloudWatch Logs payload bytes per second; x is the ratio to the blueprint baseline.');
console.log('handler: the default (zlib, FAST_PATH=wasm); JS fast path: FAST_PATH=js; general path: FAST_PATH=off; fflate: GUNZIP_IMPL=fflate, FAST_PATH=wasm.\n');
console.log('| corpus | invocation | mode | blueprint MB/s | handler MB/s | x | JS fast path MB/s | x | general path MB/s | x | handler (fflate) MB/s | x | bare gunzip MB/s | handler / gunzip time |');
console.log('| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');

for (const kind of KINDS) {
  for (const size of SIZES) {
    const { event, decompressedBytes } = invocation(kind, size);
    for (const mode of MODES) {
      const zlibHandler = benchHandler(mode, 'zlib', NO_LIMIT);
      const jsHandler = benchHandler(mode, 'zlib', NO_LIMIT, 'js');
      const generalHandler = benchHandler(mode, 'zlib', NO_LIMIT, 'off');
      const fflateHandler = benchHandler(mode, 'fflate', NO_LIMIT);
      const baseline = blueprintHandler(mode);
      const times = await race({
        baseline: () => baseline(event),
        zlib: () => zlibHandler(event),
        js: () => jsHandler(event),
        general: () => generalHandler(event),
        fflate: () => fflateHandler(event),
        gunzip: bareGunzip(event),
      });
      const mbps = (ms: number) => decompressedBytes / 1e6 / (ms / 1000);
      console.log(
        `| ${kind} | ${label(size)} | ${mode} | ${fmt(mbps(times.baseline!))} | ${fmt(mbps(times.zlib!))} | ${fmt(times.baseline! / times.zlib!, 2)} | ${fmt(mbps(times.js!))} | ${fmt(times.baseline! / times.js!, 2)} | ${fmt(mbps(times.general!))} | ${fmt(times.baseline! / times.general!, 2)} | ${fmt(mbps(times.fflate!))} | ${fmt(times.baseline! / times.fflate!, 2)} | ${fmt(mbps(times.gunzip!))} | ${fmt(times.zlib! / times.gunzip!, 2)} |`,
      );
    }
  }
}

// Filters change what is delivered, so they are compared with the general path only.
const FILTERS = { VPC_FLOW_DROP_NODATA: 'true', VPC_FLOW_ACTIONS: 'ACCEPT' };
console.log('\nVPC flow logs with filters (VPC_FLOW_DROP_NODATA=true, VPC_FLOW_ACTIONS=ACCEPT):\n');
console.log('| invocation | mode | general path MB/s | handler MB/s | x |');
console.log('| --- | --- | ---: | ---: | ---: |');
for (const size of quick ? [256 * 1024] : [256 * 1024, 1024 * 1024]) {
  const { event, decompressedBytes } = invocation('vpcflow', size);
  for (const mode of MODES) {
    const fast = benchHandler(mode, 'zlib', NO_LIMIT, 'wasm', FILTERS);
    const general = benchHandler(mode, 'zlib', NO_LIMIT, 'off', FILTERS);
    const times = await race({ general: () => general(event), fast: () => fast(event) });
    const mbps = (ms: number) => decompressedBytes / 1e6 / (ms / 1000);
    console.log(`| ${label(size)} | ${mode} | ${fmt(mbps(times.general!))} | ${fmt(mbps(times.fast!))} | ${fmt(times.general! / times.fast!, 2)} |`);
  }
}

const here = fileURLToPath(new URL('.', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'transform-bench-'));
const eventFile = join(scratch, 'six-mb-invocation.json');
writeFileSync(eventFile, JSON.stringify(invocation('vpcflow', 6 * 1000 * 1000, 7).event));
const rss = (which: string, mode: string) =>
  JSON.parse(
    execFileSync(process.execPath, ['--import', 'tsx', `${here}peak-rss.ts`, which, mode, eventFile], {
      encoding: 'utf8',
    }),
  ) as { baselineMB: number; peakMB: number };
console.log('\nPeak RSS of one 6 MB VPC flow log invocation, each in a fresh Node process (default 6,000,000-byte budget):\n');
console.log('| mode | blueprint peak RSS MB | handler peak RSS MB | process before invocation MB |');
console.log('| --- | ---: | ---: | ---: |');
for (const mode of MODES) {
  const base = rss('baseline', mode);
  const ours = rss('handler', mode);
  console.log(`| ${mode} | ${fmt(base.peakMB, 0)} | ${fmt(ours.peakMB, 0)} | ${fmt(ours.baselineMB, 0)} |`);
}
rmSync(scratch, { recursive: true, force: true });

const logger = loggerCost();
console.log('\nOne log line (90% record-processing-failed, 10% invocation-summary), into a byte-counting sink:\n');
console.log('| logger | us per line | bytes per line |');
console.log('| --- | ---: | ---: |');
console.log(`| this package's JSON logger | ${fmt(logger.ours, 2)} | ${fmt(logger.oursBytes, 0)} |`);
console.log(`| Powertools Logger 2 | ${fmt(logger.powertools, 2)} | ${fmt(logger.powertoolsBytes, 0)} |`);
