// Runs one invocation in a fresh process and prints its peak RSS in MB, so no other
// case's garbage counts against it. Usage: peak-rss.ts <handler|baseline> <Event|Raw> <event.json>
import { readFileSync } from 'node:fs';
import { blueprintHandler } from './blueprint-baseline.js';
import { benchHandler } from './harness.js';
import type { FirehoseTransformationEvent } from '../src/types.js';

const [which = 'handler', mode = 'Event', eventFile = ''] = process.argv.slice(2);
// Read as Lambda would hand it over: the event JSON parsed once, nothing else held.
const event = JSON.parse(readFileSync(eventFile, 'utf8')) as FirehoseTransformationEvent;
const before = process.resourceUsage().maxRSS;
if (which === 'handler') await benchHandler(mode as 'Event' | 'Raw', 'zlib')(event);
else blueprintHandler(mode as 'Event' | 'Raw')(event);
const after = process.resourceUsage().maxRSS;
process.stdout.write(JSON.stringify({ baselineMB: before / 1024, peakMB: after / 1024 }));
