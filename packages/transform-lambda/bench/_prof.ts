import { gunzipSync } from 'node:zlib';
import { isUtf8 } from 'node:buffer';
import { invocation } from './corpus.js';
import { trailerSize } from '../src/gunzip.js';
import { loadConfig } from '../src/config.js';
import { createFastFormatter } from '../src/fast-format.js';
import { createPayloadFormatter } from '../src/format-payload.js';

const kind = (process.argv[2] ?? 'vpcflow') as 'vpcflow';
const mode = process.argv[3] ?? 'Event';
const { event, decompressedBytes } = invocation(kind, 1024 * 1024);
const compressed = event.records.map((r) => Buffer.from(r.data, 'base64'));
const dec = compressed.map((c) => gunzipSync(c, { chunkSize: trailerSize(c) + 1 }));
const strs = dec.map((d) => d.toString('latin1'));
const config = loadConfig({ HEC_ENDPOINT_TYPE: mode, METRICS_ENABLED: 'false' });
const general = createPayloadFormatter(config);
const fast = createFastFormatter(config, general)!;
const outs = dec.map((d) => fast(d, 'us-east-1')!.output);
const outStrs = outs.map((o) => o.toString('latin1'));
console.log('records', dec.length, 'decompressed MB', (decompressedBytes / 1e6).toFixed(2), 'out MB', (outs.reduce((a, o) => a + o.length, 0) / 1e6).toFixed(2));
function t(name: string, f: () => void) {
  for (let i = 0; i < 5; i++) f();
  const s: number[] = [];
  for (let i = 0; i < 30; i++) { const t0 = performance.now(); f(); s.push(performance.now() - t0); }
  s.sort((a, b) => a - b);
  console.log(name.padEnd(24), s[15]!.toFixed(2), 'ms');
}
t('b64 decode', () => { for (const r of event.records) Buffer.from(r.data, 'base64'); });
t('gunzip', () => { for (const c of compressed) gunzipSync(c, { chunkSize: trailerSize(c) + 1 }); });
t('isUtf8', () => { for (const d of dec) isUtf8(d); });
t('latin1 toString', () => { for (const d of dec) d.toString('latin1'); });
t('control regex', () => { for (const s of strs) /[\x00-\x1f]/.test(s); });
t('indexOf backslash buf', () => { for (const d of dec) d.indexOf(92); });
t('fast formatter', () => { for (const d of dec) fast(d, 'us-east-1'); });
t('Buffer.from latin1 out', () => { for (const s of outStrs) Buffer.from(s, 'latin1'); });
t('base64 out', () => { for (const o of outs) o.toString('base64'); });
