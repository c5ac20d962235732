import type { StoredEvent } from '../store/event-store.js';
import { parseSearch, runSearch, UnsupportedSearchError, type SearchResult } from './spl-search.js';

/** Finished jobs kept for `search/jobs/<sid>` (oldest dropped first): CI suites read a job right after creating it. */
export const MAX_SEARCH_JOBS = 200;

/** A search the REST API refused, with splunkd's status and message text. */
export class SearchRequestError extends Error {
  constructor(
    readonly status: 400 | 404,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Runs the `search` parameter of a REST call. Like splunkd, the REST API wants the leading
 * `search` command (or a `|`): `index=main foo` alone is "Unknown search command 'index'".
 */
export function executeSearch(params: URLSearchParams, events: readonly StoredEvent[], serverName: string, nowSeconds: number): { results: SearchResult[]; eventCount: number } {
  const text = (params.get('search') ?? '').trim();
  if (text === '') throw new SearchRequestError(400, 'Empty search.');
  const first = /^[^\s|]+/.exec(text)?.[0];
  if (!text.startsWith('|') && first?.toLowerCase() !== 'search') throw new SearchRequestError(400, `Unknown search command '${first?.replace(/=.*$/, '')}'.`);
  try {
    if (text.startsWith('|')) throw new UnsupportedSearchError(`the generating command "${text.slice(0, 40)}" is not in the subset`);
    const parsed = parseSearch(text, nowSeconds, params.get('earliest_time') ?? undefined, params.get('latest_time') ?? undefined);
    const results = runSearch(parsed, events, serverName);
    const eventCount = parsed.stats === undefined ? results.length : runSearch({ ...parsed, stats: undefined }, events, serverName).length;
    return { results, eventCount };
  } catch (error) {
    if (error instanceof UnsupportedSearchError) throw new SearchRequestError(400, `Error in 'search' command: ${error.message}`);
    throw error;
  }
}

export interface SearchJob {
  sid: string;
  search: string;
  results: SearchResult[];
  eventCount: number;
  /** Epoch milliseconds. */
  createdAt: number;
}

/** Jobs made by `POST search/jobs` (normal or blocking): run at once, kept to be read. */
export class SearchJobs {
  private readonly jobs = new Map<string, SearchJob>();
  private sequence = 0;

  add(search: string, results: SearchResult[], eventCount: number, now: number): SearchJob {
    const sid = `${(now / 1000).toFixed(0)}.${++this.sequence}`;
    const job = { sid, search, results, eventCount, createdAt: now };
    this.jobs.set(sid, job);
    if (this.jobs.size > MAX_SEARCH_JOBS) this.jobs.delete(this.jobs.keys().next().value as string);
    return job;
  }

  get(sid: string): SearchJob {
    const job = this.jobs.get(sid);
    if (!job) throw new SearchRequestError(404, `Unknown sid.`);
    return job;
  }

  remove(sid: string): void {
    this.get(sid);
    this.jobs.delete(sid);
  }

  list(): SearchJob[] {
    return [...this.jobs.values()];
  }

  /** A job as `search/jobs/<sid>` describes it: done at once. */
  static content(job: SearchJob): Record<string, unknown> {
    const iso = new Date(job.createdAt).toISOString().replace('Z', '+00:00');
    return {
      sid: job.sid,
      search: job.search,
      dispatchState: 'DONE',
      isDone: true,
      isFailed: false,
      isFinalized: false,
      isPaused: false,
      isSaved: false,
      doneProgress: 1,
      eventCount: job.eventCount,
      resultCount: job.results.length,
      scanCount: job.eventCount,
      runDuration: 0.001,
      earliestTime: iso,
      latestTime: iso,
      published: iso,
      messages: {},
    };
  }
}
