import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { RawSettings } from './settings.js';

/** One account and region to wire, with any setting overridden for it. */
export type Target = RawSettings & { accountId?: string; region: string; profile?: string; assumeRoleArn?: string; externalId?: string };

const KEYS = new Set([
  'name', 'accountId', 'region', 'regions', 'hecUrl', 'hecEndpointType', 'hecAckTimeoutSeconds', 'retryDurationSeconds', 's3BackupMode',
  'processorBufferSizeMb', 'processorBufferIntervalSeconds', 'kmsKeyArn', 'vpcIds', 'allVpcs', 'logGroups', 'logRetentionDays',
  'backupExpirationDays', 'lambdaMemoryMb', 'lambdaTimeoutSeconds', 'hecTokenFile', 'hecTokenSecretArn', 'targets',
  'profile', 'assumeRoleArn', 'externalId', 'lambdaEnvironment',
]);

/**
 * Reads a JSON or YAML config file: shared settings at the top level and a `targets` list of
 * accounts, each with `regions` (or `region`) and its own overrides. Throws an Error naming
 * the file and the bad key.
 */
export function readConfigFile(path: string): Target[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`--config ${path} cannot be read: ${(error as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = /\.json$/i.test(path) ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new Error(`--config ${path} is not valid ${/\.json$/i.test(path) ? 'JSON' : 'YAML'}: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error(`--config ${path} must hold an object with a targets list`);
  const { targets, ...shared } = parsed as Record<string, unknown>;
  const check = (object: Record<string, unknown>, where: string) => {
    for (const key of Object.keys(object)) if (!KEYS.has(key)) throw new Error(`--config ${path}: unknown key "${key}" in ${where}`);
  };
  check(shared, 'the top level');
  const list = targets === undefined ? [{}] : targets;
  if (!Array.isArray(list) || list.length === 0) throw new Error(`--config ${path}: targets must be a non-empty list of {accountId, regions}`);
  const result: Target[] = [];
  list.forEach((entry: unknown, i) => {
    if (typeof entry !== 'object' || entry === null) throw new Error(`--config ${path}: targets[${i}] must be an object`);
    check(entry as Record<string, unknown>, `targets[${i}]`);
    const merged = { ...shared, ...(entry as Record<string, unknown>) } as Record<string, unknown>;
    const regions = (merged.regions ?? (merged.region !== undefined ? [merged.region] : [])) as unknown;
    if (!Array.isArray(regions) || regions.length === 0) throw new Error(`--config ${path}: targets[${i}] names no region (regions: [us-east-1, ...])`);
    delete merged.regions;
    for (const region of regions) result.push({ ...(merged as RawSettings), region: String(region) });
  });
  return result;
}
