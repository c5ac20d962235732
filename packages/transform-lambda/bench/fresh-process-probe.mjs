// One measurement in a fresh Node process, of the code Lambda runs: the built bundle
// (dist/lambda/index.mjs) or the blueprint. Plain JavaScript, so nothing else (no tsx) is in
// the process. Usage: node fresh-process-probe.mjs <rss|cold-start> <handler|blueprint> <Event|Raw> <event.json>
// Prints one JSON line: rss → {beforeMB, peakMB}; cold-start → {importMs, firstInvocationMs}.
import { readFileSync } from 'node:fs';

const [probe, which, mode, eventFile] = process.argv.slice(2);
const bundle = new URL('../dist/lambda/index.mjs', import.meta.url);
// Read as Lambda hands it over: the event JSON parsed once, before anything is timed.
const event = JSON.parse(readFileSync(eventFile, 'utf8'));
const accept = { description: 'probe:accept-all', put: async () => ({ failed: [] }) };
const silent = { write() {} };

const before = process.resourceUsage().maxRSS;
const started = performance.now();
let invoke;
if (which === 'handler') {
  const { createHandler, loadConfig } = await import(bundle.href);
  const config = loadConfig({ HEC_ENDPOINT_TYPE: mode, METRICS_ENABLED: 'false' });
  invoke = createHandler({ config, logger: silent, senderFor: () => accept });
} else {
  const { blueprintHandler } = await import(new URL('./blueprint-baseline.mjs', import.meta.url).href);
  invoke = blueprintHandler(mode);
}
const imported = performance.now();
await invoke(event, { awsRequestId: 'probe', getRemainingTimeInMillis: () => 60_000 });
const done = performance.now();
const peak = process.resourceUsage().maxRSS;
process.stdout.write(
  JSON.stringify(probe === 'rss' ? { beforeMB: before / 1024, peakMB: peak / 1024 } : { importMs: imported - started, firstInvocationMs: done - imported }),
);
