import { invocation } from './corpus.js';
import { benchHandler } from './harness.js';
const { event } = invocation((process.argv[2] ?? 'vpcflow') as 'vpcflow', Number(process.argv[4] ?? 262144));
const h = benchHandler((process.argv[3] ?? 'Event') as 'Event', 'zlib', Number.MAX_SAFE_INTEGER);
const t0 = performance.now(); let n = 0;
while (performance.now() - t0 < 8000) { await h(event); n++; }
console.log(((performance.now() - t0) / n).toFixed(2), 'ms per invocation');
