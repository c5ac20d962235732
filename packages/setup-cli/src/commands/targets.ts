import { readConfigFile, type Target } from '../config-file.js';
import { arrangeRollout } from '../cross-account/rollout-order.js';
import { InvalidSettingsError } from '../errors.js';
import type { RawSettings } from '../settings.js';
import type { CommonArgs } from './common-options.js';

/**
 * Targets from the flags, or from --config when given (flags override the file), in the order
 * to run them: central accounts first (see arrangeRollout).
 */
export async function targetsOf(args: CommonArgs): Promise<Target[]> {
  const fromFlags: Target = {
    region: '',
    name: args.name,
    accountId: args.accountId,
    hecUrl: args.hecUrl,
    hecEndpointType: args.hecEndpointType,
    s3BackupMode: args.s3BackupMode,
    hecAckTimeoutSeconds: args.hecAckTimeout,
    retryDurationSeconds: args.retryDuration,
    processorBufferSizeMb: args.processorBufferSizeMb,
    processorBufferIntervalSeconds: args.processorBufferInterval,
    vpcIds: args.vpcId,
    allVpcs: args.allVpcs,
    logGroups: args.logGroup,
    logRetentionDays: args.logRetentionDays,
    backupExpirationDays: args.backupExpirationDays,
    lambdaMemoryMb: args.lambdaMemory,
    lambdaTimeoutSeconds: args.lambdaTimeout,
    lambdaEnvironment: args.lambdaEnv,
    hecTokenStdin: args.hecTokenStdin,
    kmsKeyArn: args.kmsKeyArn,
    hecTokenFile: args.hecTokenFile,
    hecTokenSecretArn: args.hecTokenSecretArn,
    alarms: args.alarms,
    alarmEmails: args.alarmEmail,
    alarmTopicArn: args.alarmTopicArn,
    silenceAlarm: args.silenceAlarm,
    silenceMinutes: args.silenceMinutes,
    senderAccountIds: args.senderAccountId,
    organizationId: args.organizationId,
    centralAccountId: args.centralAccountId,
    forceDestinationPolicyUpdate: args.forceDestinationPolicyUpdate,
    flowLogsTo: args.flowLogsTo,
    senderFlowLogsToFirehose: args.senderFlowLogsToFirehose,
    profile: args.profile,
    assumeRoleArn: args.assumeRoleArn,
    externalId: args.externalId,
  };
  const defined = Object.fromEntries(Object.entries(fromFlags).filter(([k, v]) => v !== undefined && k !== 'region')) as RawSettings;
  if (args.config !== undefined) {
    const { targets, problems } = arrangeRollout((await readConfigFile(args.config)).map((t) => ({ ...t, ...defined })));
    if (problems.length > 0) throw new InvalidSettingsError(problems);
    return targets;
  }
  const regions = args.region ?? [];
  if (regions.length === 0) return [{ ...defined, region: '' }];
  return regions.map((region) => ({ ...defined, region }));
}
