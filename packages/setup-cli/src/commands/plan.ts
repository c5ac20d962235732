import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { readConfigFile, type Target } from '../config-file.js';
import { desiredState } from '../desired-state.js';
import { planJson, planText } from '../render-plan.js';
import { validateSettings, type RawSettings } from '../settings.js';
import { commonOptions, type CommonArgs } from './common-options.js';

interface PlanArgs extends CommonArgs {
  offline: boolean;
}

/** Targets from the flags, or from --config when given. */
function targetsOf(args: CommonArgs): Target[] {
  const fromFlags: RawSettings = {
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
    hecTokenStdin: args.hecTokenStdin,
  };
  if (args.kmsKeyArn !== undefined) fromFlags.kmsKeyArn = args.kmsKeyArn;
  if (args.hecTokenFile !== undefined) fromFlags.hecTokenFile = args.hecTokenFile;
  if (args.hecTokenSecretArn !== undefined) fromFlags.hecTokenSecretArn = args.hecTokenSecretArn;
  const defined = Object.fromEntries(Object.entries(fromFlags).filter(([, v]) => v !== undefined)) as RawSettings;
  if (args.config !== undefined) return readConfigFile(args.config).map((t) => ({ ...t, ...defined }));
  const regions = args.region ?? [];
  if (regions.length === 0) return [{ ...defined, region: '' }];
  return regions.map((region) => ({ ...defined, region }));
}

/** `plan`: what apply would create or change; `--offline` renders the full desired state with no AWS call. */
export const planCommand: CommandModule<object, PlanArgs> = {
  command: 'plan',
  describe: 'Show what apply would create or change; --offline renders every resource and IAM document without AWS',
  builder: (yargs: Argv) =>
    commonOptions(yargs).option('offline', {
      type: 'boolean',
      default: false,
      describe: 'Render the desired state without any AWS call or credentials (needs --account-id and --region)',
    }) as unknown as Argv<PlanArgs>,
  handler: (args: ArgumentsCamelCase<PlanArgs>) => {
    if (!args.offline) {
      throw new Error(
        'plan against a live account is not available in this version (it cannot read AWS yet): run "firehose-splunk plan --offline --account-id <id> --region <region>" to review the full desired state',
      );
    }
    const problems: string[] = [];
    const plans: string[] = [];
    for (const target of targetsOf(args)) {
      const checked = validateSettings(target);
      if (!checked.ok) {
        problems.push(...checked.problems.map((p) => (target.region ? `${target.accountId ?? '?'}/${target.region}: ${p}` : p)));
        continue;
      }
      const { resources } = desiredState(checked.settings);
      plans.push(args.output === 'json' ? planJson(checked.settings, resources) : planText(checked.settings, resources));
    }
    if (problems.length > 0) throw new Error(`nothing was planned:\n  - ${[...new Set(problems)].join('\n  - ')}`);
    process.stdout.write(plans.join(args.output === 'json' ? '' : '\n'));
  },
};
