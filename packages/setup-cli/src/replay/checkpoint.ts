/**
 * What earlier replays got acknowledged: per backup object, the line numbers of its records
 * that HEC acknowledged. Saved after every acknowledged batch, so an interrupted replay goes on
 * where it stopped and a finished one sends nothing twice.
 */
export interface CheckpointData {
  version: 1;
  acknowledged: Record<string, number[]>;
}

export class Checkpoint {
  private readonly lines = new Map<string, Set<number>>();

  constructor(data?: CheckpointData) {
    for (const [key, lines] of Object.entries(data?.acknowledged ?? {})) this.lines.set(key, new Set(lines));
  }

  static parse(text: string | undefined): Checkpoint {
    if (text === undefined || text.trim() === '') return new Checkpoint();
    const data = JSON.parse(text) as CheckpointData;
    if (data.version !== 1 || typeof data.acknowledged !== 'object') throw new Error('not a replay checkpoint (version 1)');
    return new Checkpoint(data);
  }

  has(key: string, line: number): boolean {
    return this.lines.get(key)?.has(line) ?? false;
  }

  add(key: string, lines: Iterable<number>): void {
    const set = this.lines.get(key) ?? new Set<number>();
    for (const line of lines) set.add(line);
    this.lines.set(key, set);
  }

  /** Forgets an object (deleted after replay). */
  forget(key: string): void {
    this.lines.delete(key);
  }

  toJSON(): CheckpointData {
    return { version: 1, acknowledged: Object.fromEntries([...this.lines.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, [...v].sort((x, y) => x - y)])) };
  }
}
