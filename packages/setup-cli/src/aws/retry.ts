import { isPropagationDelay } from './errors.js';

export interface RetryOptions {
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  sleep?: (ms: number) => Promise<void>;
  onRetry?: (attempt: number, error: unknown) => void;
}

/** Bounded retries for IAM propagation: the SDK already retries throttling and 5xx. */
export async function retryPropagation<T>(run: () => Promise<T>, options: RetryOptions): Promise<T> {
  const sleep = options.sleep ?? ((ms: number) => new Promise((r) => setTimeout(r, ms)));
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      if (!isPropagationDelay(error) || attempt >= options.attempts) throw error;
      options.onRetry?.(attempt, error);
      await sleep(Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (attempt - 1)));
    }
  }
}
