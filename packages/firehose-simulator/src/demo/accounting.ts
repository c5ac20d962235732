import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { GeneratedRecord } from './generate.js';

/** Messages of transformed HEC data: Event lines carry the message in `event`, Raw lines are it. */
export function messagesOfOutput(data: Buffer, endpointType: 'Event' | 'Raw'): string[] {
  const lines = data.toString('utf8').split('\n');
  lines.pop();
  if (endpointType === 'Raw') return lines;
  return lines.map((line) => {
    const event = (JSON.parse(line) as { event: unknown }).event;
    return typeof event === 'string' ? event : JSON.stringify(event);
  });
}

function messagesOfPayload(compressed: Buffer): string[] | undefined {
  try {
    const payload = JSON.parse(gunzipSync(compressed).toString('utf8')) as { logEvents?: Array<{ message: string }> };
    return payload.logEvents?.map((e) => e.message);
  } catch {
    return undefined;
  }
}

function readLines(dir: string): Array<Record<string, unknown>> {
  let files: string[];
  try {
    files = readdirSync(dir);
  } catch {
    return [];
  }
  return files.flatMap((f) =>
    readFileSync(join(dir, f), 'utf8')
      .split('\n')
      .filter((l) => l.length > 0)
      .map((l) => JSON.parse(l) as Record<string, unknown>),
  );
}

/**
 * Every message found in the backup folder: processing-failed records hold the source
 * payload (a corrupt one is recognised by its exact bytes), splunk-failed records hold
 * transformed HEC data.
 */
export function messagesInBackup(backupDir: string, generated: readonly GeneratedRecord[], endpointType: 'Event' | 'Raw'): string[] {
  const byRawData = new Map(generated.map((r) => [r.data.toString('base64'), r]));
  const messages: string[] = [];
  for (const record of readLines(join(backupDir, 'processing-failed'))) {
    const raw = String(record.rawData);
    const known = byRawData.get(raw);
    if (known) messages.push(...known.messages);
    else messages.push(...(messagesOfPayload(Buffer.from(raw, 'base64')) ?? []));
  }
  for (const record of readLines(join(backupDir, 'splunk-failed'))) {
    messages.push(...messagesOfOutput(Buffer.from(String(record.rawData), 'base64'), endpointType));
  }
  return messages;
}

/** What happened to the generated events. */
export interface EventAccounting {
  generated: number;
  indexed: number;
  backedUp: number;
  /** Indexed and also in the backup (a retried batch that had partly arrived). */
  indexedAndBackedUp: number;
  /** Extra copies indexed beyond the first. */
  duplicated: number;
  lost: number;
  /** A few lost messages, to start an investigation from. */
  lostSamples: string[];
}

/** Matches generated messages against what was indexed and what was backed up. */
export function accountFor(generated: readonly GeneratedRecord[], indexed: readonly string[], backedUp: readonly string[]): EventAccounting {
  const indexedCounts = new Map<string, number>();
  for (const m of indexed) indexedCounts.set(m, (indexedCounts.get(m) ?? 0) + 1);
  const backedUpSet = new Set(backedUp);
  const result: EventAccounting = { generated: 0, indexed: 0, backedUp: 0, indexedAndBackedUp: 0, duplicated: 0, lost: 0, lostSamples: [] };
  for (const record of generated) {
    for (const message of record.messages) {
      result.generated++;
      const copies = indexedCounts.get(message) ?? 0;
      const inBackup = backedUpSet.has(message);
      if (copies > 0) result.indexed++;
      if (copies > 1) result.duplicated += copies - 1;
      if (inBackup && copies === 0) result.backedUp++;
      if (inBackup && copies > 0) result.indexedAndBackedUp++;
      if (copies === 0 && !inBackup) {
        result.lost++;
        if (result.lostSamples.length < 3) result.lostSamples.push(message.slice(0, 200));
      }
    }
  }
  return result;
}
