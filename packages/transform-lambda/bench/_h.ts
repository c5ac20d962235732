import { gunzipSync } from 'node:zlib';
import { invocation } from './corpus.js';
import { benchHandler } from './harness.js';
import { blueprintHandler } from './blueprint-baseline.js';
import { trailerSize } from '../src/gunzip.js';
const kind = (process.argv[2] ?? 'vpcflow') as 'vpcflow';
const mode = (process.argv[3] ?? 'Event') as 'Event';
for (const size of (process.argv[4] ?? '262144,614400,1048576').split(',').map(Number)) {
  const { event } = invocation(kind, size);
  const h = benchHandler(mode, 'zlib', Number.MAX_SAFE_INTEGER);
  const b = blueprintHandler(mode);
  const compressed = event.records.map((r) => Buffer.from(r.data, 'base64'));
  const g = async () => { for (const c of compressed) gunzipSync(c, { chunkSize: trailerSize(c) + 1 }); };
  const fns = { h: () => h(event), b: () => b(event), g };
  const s: Record<string, number[]> = { h: [], b: [], g: [] };
  for (let i = 0; i < 3; i++) for (const f of Object.values(fns)) await f();
  for (let i = 0; i < 25; i++) for (const [n, f] of Object.entries(fns)) { globalThis.gc?.(); const t0 = performance.now(); await f(); s[n]!.push(performance.now() - t0); }
  const m = (a: number[]) => a.sort((x, y) => x - y)[Math.floor(a.length / 2)]!;
  console.log(kind, mode, size, 'handler', m(s.h!).toFixed(2), 'vs blueprint x', (m(s.b!) / m(s.h!)).toFixed(2), 'handler/gunzip', (m(s.h!) / m(s.g!)).toFixed(2));
}
