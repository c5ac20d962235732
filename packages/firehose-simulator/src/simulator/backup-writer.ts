import type { FirehoseErrorRecord } from '@firehose-splunk/internal';
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

export type { FirehoseErrorRecord };

/** The folders Firehose uses under its backup prefix. */
export type BackupFolder = 'processing-failed' | 'splunk-failed' | 'all-events';

/** Writes backup objects as local JSONL files, one folder per Firehose backup prefix. */
export class BackupWriter {
  private sequence = 0;
  readonly counts: Record<BackupFolder, number> = { 'processing-failed': 0, 'splunk-failed': 0, 'all-events': 0 };

  constructor(readonly root: string) {}

  /** Writes one object of error records (or, for all-events, raw data lines) into a folder. */
  write(folder: BackupFolder, lines: readonly string[]): string | undefined {
    if (lines.length === 0) return undefined;
    const dir = join(this.root, folder);
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `${folder}-${String(this.sequence++).padStart(6, '0')}.jsonl`);
    appendFileSync(file, lines.map((l) => `${l}\n`).join(''));
    this.counts[folder] += lines.length;
    return file;
  }
}
