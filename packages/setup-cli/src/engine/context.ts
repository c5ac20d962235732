import type { AwsClients } from '../aws/clients.js';
import { isNotFound } from '../aws/errors.js';
import { StepError } from '../errors.js';
import type { RetryOptions } from '../aws/retry.js';
import { MANAGED_BY_TAG } from '../desired-state.js';
import type { ResourceNames } from '../names.js';
import type { Settings } from '../settings.js';

/** What every step needs: clients, settings, names, whether to write, and how to report. */
export interface EngineContext {
  clients: AwsClients;
  settings: Settings;
  names: ResourceNames;
  /** false: read and compare only (plan); true: also create and update (apply). */
  write: boolean;
  progress: (message: string) => void;
  retry: RetryOptions;
  /** Reads the HEC token from its source; called only when a write needs it. */
  hecToken: () => Promise<string>;
  /** The transform Lambda's deployment zip. */
  lambdaZip: () => Buffer;
  /** How long to wait for the delivery stream to become ACTIVE, and how often to look. */
  waitForActive: { timeoutMs: number; pollMs: number };
}

export type Action = 'create' | 'update' | 'no change' | 'conflict' | 'delete' | 'keep' | 'absent';

/** What a step found or did for one resource. */
export interface StepResult {
  type: string;
  name: string;
  action: Action;
  details: string[];
}

/** Runs one AWS call; a failure becomes a StepError naming the call and the resource. */
export async function call<T>(name: string, resource: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof StepError) throw error;
    throw new StepError(name, resource, error);
  }
}

/** Like `call`, for reads: a "does not exist" answer is undefined instead of an error. */
export async function callOrAbsent<T>(name: string, resource: string, run: () => Promise<T>): Promise<T | undefined> {
  try {
    return await run();
  } catch (error) {
    if (isNotFound(error)) return undefined;
    fail(name, resource, error);
  }
}

/** Throws the StepError for a failed call whose error was already caught. */
export function fail(name: string, resource: string, error: unknown): never {
  if (error instanceof StepError) throw error;
  throw new StepError(name, resource, error);
}

/** The tags every managed resource carries, as a record. */
export function managedTags(settings: Settings): Record<string, string> {
  return { [MANAGED_BY_TAG.key]: MANAGED_BY_TAG.value, 'firehose-splunk:name': settings.name };
}

/** True when a resource's tags say this tool, with this --name, made it. */
export function isOurs(tags: Record<string, string> | undefined, settings: Settings): boolean {
  return tags?.[MANAGED_BY_TAG.key] === MANAGED_BY_TAG.value && tags['firehose-splunk:name'] === settings.name;
}

/** Tag list (Key/Value) to record. */
export function tagRecord(tags: Array<{ Key?: string; Value?: string }> | undefined): Record<string, string> {
  return Object.fromEntries((tags ?? []).map((t) => [t.Key ?? '', t.Value ?? '']));
}

/** Compares two JSON values structurally, ignoring key order. */
export function sameJson(a: unknown, b: unknown): boolean {
  const canonical = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(canonical)
      : v !== null && typeof v === 'object'
        ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([x], [y]) => x.localeCompare(y)).map(([k, w]) => [k, canonical(w)]))
        : v;
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

/** A change a step would make: what it is, and how to make it. */
export type Change = [what: string, run: () => Promise<unknown>];

/**
 * Finishes a step: records what would change (an existing resource with changes becomes an
 * update) and, when writing, makes the changes in order.
 */
export async function settle(ctx: EngineContext, result: StepResult, changes: Change[], hidden: (what: string) => boolean = () => false): Promise<StepResult> {
  if (changes.length > 0 && result.action === 'no change') result.action = 'update';
  result.details = changes.map(([what]) => what).filter((what) => !hidden(what));
  if (ctx.write) for (const [, run] of changes) await run();
  return result;
}
