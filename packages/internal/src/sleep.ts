/** Resolves after `ms` milliseconds; injected wherever a test must not wait. */
export type Sleep = (ms: number) => Promise<void>;

/** The real clock's sleep. */
export const sleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
