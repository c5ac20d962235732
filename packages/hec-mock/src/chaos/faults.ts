/**
 * What a Splunk deployment does to a request besides answering it, as the mock can play it:
 * scripted for the next requests, or by probability. The catalogue follows Splunk's own load
 * simulator for its HEC client (cloudfwd, `impl/sim/errorgen`) and what sits in front of HEC.
 */
export type FaultAction =
  /** Answer normally. */
  | 'ok'
  /** 503 Server is busy (code 9); health answers 503 code 18. Nothing is indexed. */
  | 'busy'
  /** 500 Internal server error (code 8). Nothing is indexed. */
  | 'internal'
  /** Close the connection without an answer. Nothing is indexed. */
  | 'drop'
  /** Answer normally, `slowMs` late. */
  | 'slow'
  /**
   * 504 from a load balancer that gave up waiting: HEC behind it still indexed the request (and
   * issued its ack), so a client that resends duplicates it, as behind a real one.
   */
  | 'gateway-timeout'
  /** The indexer is in detention: every HEC path answers 404, health included (cloudfwd's InDetentionEndpoints). */
  | 'detention'
  /**
   * The indexer restarts: events not yet indexed are lost, every channel and its acks are
   * forgotten, and this request's connection is closed unanswered.
   */
  | 'restart'
  /** A data request is answered 200 Success with no ackId, though the token uses acks. Its events are indexed. */
  | 'no-ack-id'
  /** A data request is answered 200 with an ackId that never turns true: its events are never indexed. */
  | 'ack-never'
  /** An ack query lands on another indexer behind the load balancer, which knows none of the ids: all false. */
  | 'other-node';

/** Fault injection settings; every field may be changed at run time. */
export interface FaultOptions {
  /** Probability (0..1) of answering 503 Server is busy. */
  busyProbability: number;
  /** Probability of answering 500 Internal server error. */
  internalErrorProbability: number;
  /** Probability of closing the connection without an answer. */
  dropProbability: number;
  /** Probability of a load balancer's 504 after HEC indexed the request. */
  gatewayTimeoutProbability: number;
  /** Probability that a request finds the indexer in detention (404). */
  detentionProbability: number;
  /** Probability that a request finds the indexer restarting. */
  restartProbability: number;
  /** Probability that a data request is answered without an ackId. */
  noAckIdProbability: number;
  /** Probability that an ack never turns true (the events are never indexed). */
  ackNeverProbability: number;
  /** Probability that an ack query is answered by another indexer (all false). */
  otherNodeProbability: number;
  /** Probability that an ack turns true up to `ackOutOfOrderSpreadMs` later than its turn: acks turn true out of order. */
  ackOutOfOrderProbability: number;
  /** The most an out-of-order ack is held back. */
  ackOutOfOrderSpreadMs: number;
  /** Delay before every answer. */
  latencyMs: number;
  /** Delay of a scripted 'slow' answer. */
  slowMs: number;
  /** Actions for the next requests, in order, before the probabilities apply again. */
  script: FaultAction[];
  /** Extra delay before acks turn true. */
  ackExtraDelayMs: number;
}

export const NO_FAULTS: FaultOptions = {
  busyProbability: 0,
  internalErrorProbability: 0,
  dropProbability: 0,
  gatewayTimeoutProbability: 0,
  detentionProbability: 0,
  restartProbability: 0,
  noAckIdProbability: 0,
  ackNeverProbability: 0,
  otherNodeProbability: 0,
  ackOutOfOrderProbability: 0,
  ackOutOfOrderSpreadMs: 500,
  latencyMs: 0,
  slowMs: 2000,
  script: [],
  ackExtraDelayMs: 0,
};

export const FAULT_ACTIONS: readonly FaultAction[] = ['ok', 'busy', 'internal', 'drop', 'slow', 'gateway-timeout', 'detention', 'restart', 'no-ack-id', 'ack-never', 'other-node'];

const DURATIONS = new Set(['latencyMs', 'slowMs', 'ackExtraDelayMs', 'ackOutOfOrderSpreadMs']);

/** Validates a partial fault update (from options or the inspection API); returns an error string or the update. */
export function parseFaultUpdate(input: unknown): Partial<FaultOptions> | string {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return 'faults must be a JSON object';
  const update: Partial<FaultOptions> = {};
  for (const [key, value] of Object.entries(input)) {
    if (key === 'script') {
      if (!Array.isArray(value) || !value.every((v) => FAULT_ACTIONS.includes(v))) return `script must be an array of ${FAULT_ACTIONS.join(', ')}`;
      update.script = [...value] as FaultAction[];
    } else if (key.endsWith('Probability') && key in NO_FAULTS) {
      if (typeof value !== 'number' || !(value >= 0 && value <= 1)) return `${key} must be a number from 0 to 1`;
      (update as Record<string, number>)[key] = value;
    } else if (DURATIONS.has(key)) {
      if (typeof value !== 'number' || !(value >= 0)) return `${key} must be a non-negative number of milliseconds`;
      (update as Record<string, number>)[key] = value;
    } else {
      return `unknown fault "${key}": known are ${Object.keys(NO_FAULTS).join(', ')}`;
    }
  }
  return update;
}

/** What happens to a request before HEC reads it. */
export type FrontAction = 'ok' | 'busy' | 'internal' | 'drop' | 'slow' | 'gateway-timeout' | 'detention' | 'restart';

/** The faults decided for one request: one in front of HEC, and the ones applied where they belong. */
export interface RequestFaults {
  front: FrontAction;
  noAckId: boolean;
  ackNever: boolean;
  otherNode: boolean;
}

/** A request with no fault (shared: the common case allocates nothing). */
const NO_REQUEST_FAULTS: RequestFaults = Object.freeze({ front: 'ok', noAckId: false, ackNever: false, otherNode: false });

function anyProbability(f: FaultOptions): boolean {
  return (
    f.dropProbability + f.busyProbability + f.internalErrorProbability + f.gatewayTimeoutProbability + f.detentionProbability + f.restartProbability + f.noAckIdProbability + f.ackNeverProbability + f.otherNodeProbability > 0
  );
}

/**
 * Decides one request's faults: the next scripted action if any (an action that does not
 * apply to this kind of request, such as `other-node` on an event request, passes), else
 * the probabilities, each rolled where it applies.
 */
export function decideFaults(faults: FaultOptions, random: () => number): RequestFaults {
  if (faults.script.length === 0 && !anyProbability(faults)) return NO_REQUEST_FAULTS;
  const decided: RequestFaults = { front: 'ok', noAckId: false, ackNever: false, otherNode: false };
  const scripted = faults.script.shift();
  if (scripted !== undefined) {
    if (scripted === 'no-ack-id') decided.noAckId = true;
    else if (scripted === 'ack-never') decided.ackNever = true;
    else if (scripted === 'other-node') decided.otherNode = true;
    else decided.front = scripted;
    return decided;
  }
  const roll = random();
  let edge = 0;
  for (const [action, p] of [
    ['drop', faults.dropProbability],
    ['busy', faults.busyProbability],
    ['internal', faults.internalErrorProbability],
    ['gateway-timeout', faults.gatewayTimeoutProbability],
    ['detention', faults.detentionProbability],
    ['restart', faults.restartProbability],
  ] as const) {
    edge += p;
    if (roll < edge) {
      decided.front = action;
      break;
    }
  }
  decided.noAckId = faults.noAckIdProbability > 0 && random() < faults.noAckIdProbability;
  decided.ackNever = faults.ackNeverProbability > 0 && random() < faults.ackNeverProbability;
  decided.otherNode = faults.otherNodeProbability > 0 && random() < faults.otherNodeProbability;
  return decided;
}
