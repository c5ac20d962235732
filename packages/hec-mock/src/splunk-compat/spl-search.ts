import { CodedError } from '@firehose-splunk/internal';
import { safeStringify } from '../http/safe-json.js';
import type { StoredEvent } from '../store/event-store.js';

/**
 * The subset of SPL the management API runs over what the mock indexed: what CI suites that
 * used the splunk/splunk image search for. Anything else is an UnsupportedSearchError that
 * names this subset.
 */
export const SPL_SUBSET =
  '[search] [index=<v>] [sourcetype=<v>] [source=<v>] [host=<v>] [earliest=<t>] [latest=<t>] [<term> | "<phrase>"]... [| head <n>] [| stats count [by <field>]]; values and terms take * wildcards; times are -<n>s|m|h|d|w, now, or epoch seconds';

export class UnsupportedSearchError extends CodedError<'UNSUPPORTED_SEARCH'> {
  constructor(detail: string) {
    super('UNSUPPORTED_SEARCH', `${detail}. hec-mock runs this SPL subset: ${SPL_SUBSET}`);
  }
}

const FIELDS = ['index', 'sourcetype', 'source', 'host'] as const;
type SearchField = (typeof FIELDS)[number];

/** A parsed search: what selects events, and what to do with them. */
export interface ParsedSearch {
  fields: Partial<Record<SearchField, RegExp>>;
  terms: RegExp[];
  earliest?: number;
  latest?: number;
  head?: number;
  stats?: { by?: string };
}

/** Splits on white space and pipes outside double quotes; quotes kept on the token. */
function tokens(text: string): string[] {
  const out: string[] = [];
  let current = '';
  let quoted = false;
  for (const c of text) {
    if (c === '"') quoted = !quoted;
    if (!quoted && (c === ' ' || c === '\t' || c === '\n' || c === '|')) {
      if (current) out.push(current);
      if (c === '|') out.push('|');
      current = '';
      continue;
    }
    current += c;
  }
  if (quoted) throw new UnsupportedSearchError('the search has an unclosed double quote');
  if (current) out.push(current);
  return out;
}

/** A case-insensitive match of a whole value, `*` any characters. */
function glob(value: string): RegExp {
  return new RegExp(`^${value.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`, 'i');
}

const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 };

/** A time modifier as epoch seconds: -<n><unit>, now, or epoch seconds. */
export function parseTimeModifier(value: string, now: number): number {
  if (value === 'now') return now;
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value);
  const relative = /^([+-])(\d+)(s|sec|secs|m|min|mins|h|hr|hrs|d|day|days|w|week|weeks)$/.exec(value);
  if (relative) {
    const unit = UNITS[(relative[3] as string)[0] as string] as number;
    const amount = Number(relative[2]) * unit;
    return relative[1] === '-' ? now - amount : now + amount;
  }
  throw new UnsupportedSearchError(`the time "${value}" is not one the mock reads`);
}

/** Parses a search string and the request's earliest_time / latest_time. */
export function parseSearch(text: string, now: number, earliestTime?: string, latestTime?: string): ParsedSearch {
  const parts = tokens(text.trim());
  if (parts[0]?.toLowerCase() === 'search') parts.shift();
  const search: ParsedSearch = { fields: {}, terms: [] };
  if (earliestTime) search.earliest = parseTimeModifier(earliestTime, now);
  if (latestTime) search.latest = parseTimeModifier(latestTime, now);
  let i = 0;
  for (; i < parts.length && parts[i] !== '|'; i++) {
    const part = parts[i] as string;
    if (/^(OR|NOT|AND)$/.test(part)) throw new UnsupportedSearchError(`"${part}" is not in the subset`);
    const pair = /^([A-Za-z_]+)=(.*)$/.exec(part);
    if (pair) {
      const key = (pair[1] as string).toLowerCase();
      const value = (pair[2] as string).replace(/^"(.*)"$/, '$1');
      if (key === 'earliest') search.earliest = parseTimeModifier(value, now);
      else if (key === 'latest') search.latest = parseTimeModifier(value, now);
      else if ((FIELDS as readonly string[]).includes(key)) search.fields[key as SearchField] = glob(value);
      else throw new UnsupportedSearchError(`the field "${key}" is not searchable in the mock`);
      continue;
    }
    const term = part.replace(/^"(.*)"$/, '$1');
    search.terms.push(new RegExp(term.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*'), 'i'));
  }
  while (i < parts.length) {
    i++; // the pipe
    const command = parts.slice(i, parts.indexOf('|', i) < 0 ? parts.length : parts.indexOf('|', i));
    i += command.length;
    const [name, ...args] = command;
    if (name === 'head' && args.length <= 1 && (args.length === 0 || /^\d+$/.test(args[0] as string))) search.head = args.length === 0 ? 10 : Number(args[0]);
    else if (name === 'stats' && args[0] === 'count' && (args.length === 1 || (args.length === 3 && args[1] === 'by'))) search.stats = args.length === 3 ? { by: args[2] as string } : {};
    else throw new UnsupportedSearchError(`the command "| ${command.join(' ')}" is not in the subset`);
  }
  return search;
}

/** What a search result carries, as splunkd returns it: every value a string. */
export type SearchResult = Record<string, string>;

/** An event's time as splunkd writes `_time`. */
function isoTime(epochSeconds: number): string {
  return new Date(epochSeconds * 1000).toISOString().replace('Z', '+00:00');
}

/** The fields of one event as a search result. */
export function eventResult(e: StoredEvent, serverName: string): SearchResult {
  const raw = typeof e.event === 'string' ? e.event : safeStringify(e.event);
  const result: SearchResult = {
    _raw: raw,
    _time: isoTime(e.time),
    _indextime: String(Math.floor(e.receivedAt / 1000)),
    host: e.host,
    index: e.index,
    source: e.source,
    sourcetype: e.sourcetype,
    linecount: String(raw.split('\n').length),
    splunk_server: serverName,
  };
  for (const [key, value] of Object.entries(e.fields ?? {})) if (!(key in result)) result[key] = Array.isArray(value) ? value.map(String).join('\n') : String(value);
  return result;
}

/**
 * Runs a parsed search over the events, newest `_time` first as splunkd returns them (events
 * of the same time, latest received first). Without an index= term only `main` is searched,
 * as for Splunk's admin role by default.
 */
export function runSearch(search: ParsedSearch, events: readonly StoredEvent[], serverName: string): SearchResult[] {
  const index = search.fields.index ?? /^main$/i;
  const selected: StoredEvent[] = [];
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i] as StoredEvent;
    if (!index.test(e.index)) continue;
    if (search.earliest !== undefined && e.time < search.earliest) continue;
    if (search.latest !== undefined && e.time >= search.latest) continue;
    if (!FIELDS.every((f) => f === 'index' || search.fields[f] === undefined || (search.fields[f] as RegExp).test(e[f]))) continue;
    if (search.terms.length > 0) {
      const raw = typeof e.event === 'string' ? e.event : safeStringify(e.event);
      if (!search.terms.every((t) => t.test(raw))) continue;
    }
    selected.push(e);
  }
  // Array.prototype.sort is stable: events of one time keep their latest-received-first order.
  selected.sort((a, b) => b.time - a.time);
  const results = selected.map((e) => eventResult(e, serverName));
  const limited = search.head === undefined ? results : results.slice(0, search.head);
  if (search.stats === undefined) return limited;
  const by = search.stats.by;
  if (by === undefined) return [{ count: String(limited.length) }];
  const counts = new Map<string, number>();
  for (const r of limited) if (r[by] !== undefined) counts.set(r[by] as string, (counts.get(r[by] as string) ?? 0) + 1);
  return [...counts.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([value, count]) => ({ [by]: value, count: String(count) }));
}
