/**
 * How long to wait before retry number `attempt` (1 for the first retry): an exponential
 * ceiling `baseMs * 2^(attempt-1)` capped at `maxMs`, and with `jitter: 'full'` a random
 * delay below that ceiling, which spreads out clients that failed together.
 * @see https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/
 */
export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
  jitter: 'full' | 'none';
}

/** The capped exponential ceiling of retry number `attempt`. */
export function backoffCeilingMs(attempt: number, policy: Pick<BackoffPolicy, 'baseMs' | 'maxMs'>): number {
  // Past 2^52 the product is no longer exact, and 0 * 2^1024 would be NaN: stop doubling early.
  const doublings = Math.min(52, Math.max(0, attempt - 1));
  return Math.min(policy.maxMs, policy.baseMs * 2 ** doublings);
}

/** The delay before retry number `attempt` under `policy`; `random` is injected for tests. */
export function backoffDelayMs(attempt: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const ceiling = backoffCeilingMs(attempt, policy);
  return policy.jitter === 'full' ? Math.floor(random() * ceiling) : ceiling;
}
