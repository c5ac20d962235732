import { readFileSync } from 'node:fs';
import { errorMessage } from '@firehose-splunk/internal';
import { ConfigFileError } from './errors.js';
import type { RawSettings } from './settings.js';

/** One account and region to wire, with any setting overridden for it. */
export type Target = RawSettings & { accountId?: string; region: string; profile?: string; assumeRoleArn?: string; externalId?: string };

const KEYS = new Set([
  'name', 'accountId', 'region', 'regions', 'hecUrl', 'hecEndpointType', 'hecAckTimeoutSeconds', 'retryDurationSeconds', 's3BackupMode',
  'processorBufferSizeMb', 'processorBufferIntervalSeconds', 'kmsKeyArn', 'vpcIds', 'allVpcs', 'logGroups', 'logRetentionDays',
  'backupExpirationDays', 'lambdaMemoryMb', 'lambdaTimeoutSeconds', 'hecTokenFile', 'hecTokenSecretArn', 'targets',
  'profile', 'assumeRoleArn', 'externalId', 'lambdaEnvironment', 'alarms', 'alarmEmails', 'alarmTopicArn', 'silenceAlarm', 'silenceMinutes',
  'senderAccountIds', 'organizationId', 'centralAccountId', 'forceDestinationPolicyUpdate', 'flowLogsTo', 'senderFlowLogsToFirehose',
]);

/**
 * Reads a JSON or YAML config file: shared settings at the top level and a `targets` list of
 * accounts, each with `regions` (or `region`) and its own overrides. Throws an Error naming
 * the file and the bad key (ConfigFileError).
 */
export async function readConfigFile(path: string): Promise<Target[]> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigFileError(path, `cannot be read: ${errorMessage(error)}`, error);
  }
  let parsed: unknown;
  try {
    // yaml takes tens of milliseconds to load: only a YAML file pays for it.
    parsed = /\.json$/i.test(path) ? JSON.parse(text) : (await import('yaml')).parse(text);
  } catch (error) {
    throw new ConfigFileError(path, `is not valid ${/\.json$/i.test(path) ? 'JSON' : 'YAML'}: ${errorMessage(error)}`, error);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new ConfigFileError(path, 'must hold an object with a targets list');
  const { targets, ...shared } = parsed as Record<string, unknown>;
  const check = (object: Record<string, unknown>, where: string) => {
    for (const key of Object.keys(object)) if (!KEYS.has(key)) throw new ConfigFileError(path, `unknown key "${key}" in ${where}`);
  };
  check(shared, 'the top level');
  const list = targets === undefined ? [{}] : targets;
  if (!Array.isArray(list) || list.length === 0) throw new ConfigFileError(path, `targets must be a non-empty list of {accountId, regions}`);
  const result: Target[] = [];
  list.forEach((entry: unknown, i) => {
    if (typeof entry !== 'object' || entry === null) throw new ConfigFileError(path, `targets[${i}] must be an object`);
    check(entry as Record<string, unknown>, `targets[${i}]`);
    const merged = { ...shared, ...(entry as Record<string, unknown>) } as Record<string, unknown>;
    const regions = (merged.regions ?? (merged.region !== undefined ? [merged.region] : [])) as unknown;
    if (!Array.isArray(regions) || regions.length === 0) throw new ConfigFileError(path, `targets[${i}] names no region (regions: [us-east-1, ...])`);
    delete merged.regions;
    for (const region of regions) result.push({ ...(merged as RawSettings), region: String(region) });
  });
  return result;
}
