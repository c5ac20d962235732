/** What the mock does to one request instead of (or before) answering it normally. */
export type FaultAction = 'ok' | 'busy' | 'internal' | 'drop' | 'slow';

/** Fault injection settings; every field may be changed at run time. */
export interface FaultOptions {
  /** Probability (0..1) of answering 503 Server is busy. */
  busyProbability: number;
  /** Probability of answering 500 Internal server error. */
  internalErrorProbability: number;
  /** Probability of closing the connection without an answer. */
  dropProbability: number;
  /** Delay before every answer. */
  latencyMs: number;
  /** Delay of a scripted 'slow' answer. */
  slowMs: number;
  /** Actions for the next requests, in order, before the probabilities apply again. */
  script: FaultAction[];
  /** Extra delay before acks turn true. */
  ackExtraDelayMs: number;
  /** Probability that an ack never turns true. */
  ackNeverProbability: number;
}

export const NO_FAULTS: FaultOptions = {
  busyProbability: 0,
  internalErrorProbability: 0,
  dropProbability: 0,
  latencyMs: 0,
  slowMs: 2000,
  script: [],
  ackExtraDelayMs: 0,
  ackNeverProbability: 0,
};

const ACTIONS: readonly FaultAction[] = ['ok', 'busy', 'internal', 'drop', 'slow'];

/** Validates a partial fault update (from options or the inspection API); returns an error string or the update. */
export function parseFaultUpdate(input: unknown): Partial<FaultOptions> | string {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return 'faults must be a JSON object';
  const update: Partial<FaultOptions> = {};
  for (const [key, value] of Object.entries(input)) {
    if (key === 'script') {
      if (!Array.isArray(value) || !value.every((v) => ACTIONS.includes(v))) return `script must be an array of ${ACTIONS.join(', ')}`;
      update.script = [...value] as FaultAction[];
    } else if (key.endsWith('Probability')) {
      if (typeof value !== 'number' || value < 0 || value > 1) return `${key} must be a number from 0 to 1`;
      (update as Record<string, number>)[key] = value;
    } else if (key === 'latencyMs' || key === 'slowMs' || key === 'ackExtraDelayMs') {
      if (typeof value !== 'number' || value < 0) return `${key} must be a non-negative number of milliseconds`;
      update[key] = value;
    } else {
      return `unknown fault "${key}": known are ${Object.keys(NO_FAULTS).join(', ')}`;
    }
  }
  return update;
}

/** Picks the action for the next request: the script first, then the probabilities. */
export function nextAction(faults: FaultOptions, random: () => number): FaultAction {
  const scripted = faults.script.shift();
  if (scripted !== undefined) return scripted;
  const roll = random();
  if (roll < faults.dropProbability) return 'drop';
  if (roll < faults.dropProbability + faults.busyProbability) return 'busy';
  if (roll < faults.dropProbability + faults.busyProbability + faults.internalErrorProbability) return 'internal';
  return 'ok';
}
