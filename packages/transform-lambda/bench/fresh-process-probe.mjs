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

/**
 * This process's peak resident set, in MB: VmHWM from /proc/self/status, which belongs to the
 * process's own memory since exec. Not `process.resourceUsage().maxRSS` (getrusage's ru_maxrss):
 * Linux carries that over from the parent at fork, so a probe spawned by a bench process of
 * 200 MB read 200 MB whatever it did (measured: a child of a 346 MB parent read 303 MB there,
 * 45 MB in VmHWM). Where there is no /proc (macOS), ru_maxrss is the fallback.
 * @see https://man7.org/linux/man-pages/man5/proc_pid_status.5.html
 */
function peakMB() {
  try {
    const kb = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (kb) return Number(kb[1]) / 1024;
  } catch {
    // No procfs here.
  }
  return process.resourceUsage().maxRSS / 1024;
}

const before = peakMB();
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
const peak = peakMB();
process.stdout.write(
  JSON.stringify(probe === 'rss' ? { beforeMB: before, peakMB: peak } : { importMs: imported - started, firstInvocationMs: done - imported }),
);
