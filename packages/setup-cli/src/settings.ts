import { ConfigError, loadConfig } from '@firehose-splunk/transform-lambda/config';
import { DEFAULT_SILENCE_MINUTES } from './alarms.js';
import { accessPolicyBytes, centralLogsRoleTrust, DESTINATION_POLICY_LIMIT_BYTES, destinationAccessPolicy, grantOf } from './cross-account/destination-policies.js';
import { POLICY_SIZE_LIMITS } from './iam-policies.js';
import { ACCOUNT_ID_PATTERN, ORGANIZATION_ID_PATTERN, type Topology } from './cross-account/topology.js';
import { destinationArnOf, partitionOf } from './names.js';

/** Everything the desired state depends on, validated before anything else happens. */
export interface Settings {
  name: string;
  accountId: string;
  region: string;
  hecUrl: string;
  hecEndpointType: 'Event' | 'Raw';
  hecAckTimeoutSeconds: number;
  retryDurationSeconds: number;
  s3BackupMode: 'FailedEventsOnly' | 'AllEvents';
  processorBufferSizeMb: number;
  processorBufferIntervalSeconds: number;
  kmsKeyArn?: string;
  /** VPC ids to send flow logs for; 'all' means every VPC in the region. */
  vpcIds: string[] | 'all';
  logGroups: string[];
  logRetentionDays: number;
  backupExpirationDays: number;
  lambdaMemoryMb: number;
  lambdaTimeoutSeconds: number;
  /** Transform Lambda configuration (ROUTES, DEFAULT_INDEX, VPC_FLOW_* ...), checked by the Lambda's own loader. */
  lambdaEnvironment: Record<string, string>;
  /** Where the HEC token comes from; the token itself is never part of the settings. */
  hecTokenSource: HecTokenSource;
  /** CloudWatch alarms, their SNS topic, and the dashboard. */
  alarms: AlarmSettings;
  /** Standalone, the central account of an organisation, or one of its senders. */
  topology: Topology;
  /**
   * Where VPC flow logs go: a CloudWatch Logs group subscribed to the stream, or the stream
   * itself (`LogDestinationType: kinesis-data-firehose`, no log group in between).
   */
  flowLogsTo: FlowLogsRoute;
  /**
   * Affirms that every sender's filters already carry the organisation role, so the central
   * destination's policy may move from accounts to an organisation (PutDestinationPolicy's
   * forceUpdate).
   */
  forceDestinationPolicyUpdate: boolean;
}

export interface AlarmSettings {
  /** false with --no-alarms: no alarm, no topic (the dashboard stays). */
  enabled: boolean;
  /** An existing topic to notify (--alarm-topic-arn); otherwise this tool creates `<name>-alarms`. */
  topicArn?: string;
  /** Email addresses subscribed to the created topic (--alarm-email). */
  emails: string[];
  /** Minutes without incoming records before the silence alarm; undefined with --no-silence-alarm. */
  silenceMinutes?: number;
}

export type FlowLogsRoute = 'cloudwatch-logs' | 'firehose';
export const FLOW_LOGS_ROUTES: readonly FlowLogsRoute[] = ['cloudwatch-logs', 'firehose'];

export type HecTokenSource =
  | { kind: 'env'; variable: string }
  | { kind: 'file'; path: string }
  | { kind: 'stdin' }
  | { kind: 'secrets-manager'; secretArn: string };

/** CloudWatch Logs' allowed retention periods, in days. */
export const RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

/** The raw options as the command line or a config file gives them. */
export interface RawSettings {
  name?: string;
  accountId?: string;
  region?: string;
  hecUrl?: string;
  hecEndpointType?: string;
  hecAckTimeoutSeconds?: number;
  retryDurationSeconds?: number;
  s3BackupMode?: string;
  processorBufferSizeMb?: number;
  processorBufferIntervalSeconds?: number;
  kmsKeyArn?: string;
  vpcIds?: string[];
  allVpcs?: boolean;
  logGroups?: string[];
  logRetentionDays?: number;
  backupExpirationDays?: number;
  lambdaMemoryMb?: number;
  lambdaTimeoutSeconds?: number;
  /** KEY=VALUE pairs from --lambda-env, or an object from a config file. */
  lambdaEnvironment?: string[] | Record<string, string>;
  hecTokenFile?: string;
  hecTokenStdin?: boolean;
  hecTokenSecretArn?: string;
  alarms?: boolean;
  alarmEmails?: string[];
  alarmTopicArn?: string;
  silenceAlarm?: boolean;
  silenceMinutes?: number;
  /** Central account: the accounts allowed to subscribe to its destination (--sender-account-id). */
  senderAccountIds?: string[];
  /** Central account: the organisation allowed to subscribe; sender: the organisation its central grants. */
  organizationId?: string;
  /** Sender: the central account whose destination its filters point at. */
  centralAccountId?: string;
  forceDestinationPolicyUpdate?: boolean;
  /** --flow-logs-to: cloudwatch-logs (default) or firehose. */
  flowLogsTo?: string;
  /**
   * Central account: its senders send flow logs straight into its stream, whatever its own
   * --flow-logs-to (--sender-flow-logs-to-firehose; a config file sets it from its senders).
   */
  senderFlowLogsToFirehose?: boolean;
}

export type SettingsResult = { ok: true; settings: Settings } | { ok: false; problems: string[] };

function inRange(problems: string[], flag: string, value: number, min: number, max: number, unit: string): void {
  if (!Number.isFinite(value) || value < min || value > max) problems.push(`--${flag} must be from ${min} to ${max} ${unit}, not ${value}`);
}

/**
 * Validates options into Settings. Every problem names its flag and says what would be
 * right, and all are reported at once, before any AWS call.
 */
export function validateSettings(raw: RawSettings, options: { loopbackHttp?: boolean } = {}): SettingsResult {
  const problems: string[] = [];
  const name = raw.name ?? 'splunk-logs';
  if (!/^[a-z][a-z0-9-]{1,30}[a-z0-9]$/.test(name)) {
    problems.push(`--name "${name}" must be 3 to 32 lower-case letters, digits and hyphens, starting with a letter (it prefixes every resource, S3 bucket included)`);
  }
  const accountId = raw.accountId ?? '';
  if (!/^\d{12}$/.test(accountId)) problems.push(`--account-id "${accountId}" must be a 12-digit AWS account id`);
  const region = raw.region ?? '';
  if (!/^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d$/.test(region)) problems.push(`--region "${region}" is not an AWS region name such as us-east-1`);

  const topology = topologyOf(raw, accountId, problems);
  let hecUrl = raw.hecUrl ?? '';
  // A sender delivers nothing itself: its central account holds the stream and the HEC URL.
  if (topology.kind !== 'sender' || raw.hecUrl !== undefined) {
    try {
      const url = new URL(hecUrl);
      const loopback = url.hostname === 'localhost' || url.hostname === '[::1]' || /^127\./.test(url.hostname);
      if (url.protocol !== 'https:' && !(options.loopbackHttp && url.protocol === 'http:' && loopback)) {
        problems.push(
          options.loopbackHttp
            ? `--hec-url must use https (http only for a loopback host: 127.0.0.1, localhost, ::1), not ${url.protocol}//${url.host}`
            : `--hec-url must use https (Firehose delivers to Splunk over TLS only), not ${url.protocol}`,
        );
      }
      if (url.pathname !== '/' || url.search !== '') problems.push(`--hec-url must be the HEC base URL without a path, e.g. https://http-inputs-acme.splunkcloud.com:443 (got path ${url.pathname}${url.search})`);
      hecUrl = url.origin;
    } catch {
      problems.push(`--hec-url "${hecUrl}" is not a URL: give the HEC base URL, e.g. https://http-inputs-acme.splunkcloud.com:443`);
    }
  }
  const hecEndpointType = raw.hecEndpointType ?? 'Event';
  if (hecEndpointType !== 'Event' && hecEndpointType !== 'Raw') problems.push(`--hec-endpoint-type must be Event or Raw, not ${hecEndpointType}`);
  const s3BackupMode = raw.s3BackupMode ?? 'FailedEventsOnly';
  if (s3BackupMode !== 'FailedEventsOnly' && s3BackupMode !== 'AllEvents') problems.push(`--s3-backup-mode must be FailedEventsOnly or AllEvents, not ${s3BackupMode}`);

  // Ranges are Firehose's and Lambda's own limits.
  const hecAckTimeoutSeconds = raw.hecAckTimeoutSeconds ?? 180;
  inRange(problems, 'hec-ack-timeout', hecAckTimeoutSeconds, 180, 600, 'seconds');
  const retryDurationSeconds = raw.retryDurationSeconds ?? 300;
  inRange(problems, 'retry-duration', retryDurationSeconds, 0, 7200, 'seconds');
  const processorBufferSizeMb = raw.processorBufferSizeMb ?? 0.256;
  inRange(problems, 'processor-buffer-size-mb', processorBufferSizeMb, 0.2, 3, 'MB');
  const processorBufferIntervalSeconds = raw.processorBufferIntervalSeconds ?? 60;
  inRange(problems, 'processor-buffer-interval', processorBufferIntervalSeconds, 60, 900, 'seconds');
  const lambdaMemoryMb = raw.lambdaMemoryMb ?? 256;
  inRange(problems, 'lambda-memory', lambdaMemoryMb, 128, 10240, 'MB');
  const lambdaTimeoutSeconds = raw.lambdaTimeoutSeconds ?? 60;
  inRange(problems, 'lambda-timeout', lambdaTimeoutSeconds, 10, 300, 'seconds (Firehose waits at most 5 minutes for a processor)');
  const backupExpirationDays = raw.backupExpirationDays ?? 90;
  inRange(problems, 'backup-expiration-days', backupExpirationDays, 1, 3650, 'days');
  const logRetentionDays = raw.logRetentionDays ?? 30;
  if (!RETENTION_DAYS.includes(logRetentionDays)) problems.push(`--log-retention-days must be one of CloudWatch Logs' periods (${RETENTION_DAYS.join(', ')}), not ${logRetentionDays}`);

  if (raw.kmsKeyArn !== undefined && !/^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[0-9a-f-]{36}$/.test(raw.kmsKeyArn)) {
    problems.push(`--kms-key-arn "${raw.kmsKeyArn}" is not a KMS key ARN (arn:aws:kms:<region>:<account>:key/<key-id>)`);
  }
  const vpcIds = raw.allVpcs ? 'all' : (raw.vpcIds ?? []);
  if (raw.allVpcs && (raw.vpcIds ?? []).length > 0) problems.push('--all-vpcs and --vpc-id exclude each other');
  if (vpcIds !== 'all') for (const id of vpcIds) if (!/^vpc-[0-9a-f]{8,17}$/.test(id)) problems.push(`--vpc-id "${id}" is not a VPC id such as vpc-0a1b2c3d`);
  const logGroups = raw.logGroups ?? [];
  for (const group of logGroups) if (!/^[\w\-./#]{1,512}$/.test(group)) problems.push(`--log-group "${group}" is not a CloudWatch Logs group name`);

  const sources = [raw.hecTokenFile !== undefined, raw.hecTokenStdin === true, raw.hecTokenSecretArn !== undefined].filter(Boolean).length;
  if (sources > 1) problems.push('give the HEC token one way only: SPLUNK_HEC_TOKEN, --hec-token-file, --hec-token-stdin or --hec-token-secret-arn');
  let hecTokenSource: HecTokenSource = { kind: 'env', variable: 'SPLUNK_HEC_TOKEN' };
  if (raw.hecTokenFile !== undefined) hecTokenSource = { kind: 'file', path: raw.hecTokenFile };
  if (raw.hecTokenStdin) hecTokenSource = { kind: 'stdin' };
  if (raw.hecTokenSecretArn !== undefined) {
    if (!/^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:.+$/.test(raw.hecTokenSecretArn)) {
      problems.push(`--hec-token-secret-arn "${raw.hecTokenSecretArn}" is not a Secrets Manager secret ARN`);
    }
    hecTokenSource = { kind: 'secrets-manager', secretArn: raw.hecTokenSecretArn };
  }

  const lambdaEnvironment: Record<string, string> = {};
  const pairs = Array.isArray(raw.lambdaEnvironment) ? raw.lambdaEnvironment : Object.entries(raw.lambdaEnvironment ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    const key = eq > 0 ? pair.slice(0, eq) : '';
    if (!/^[A-Z][A-Z0-9_]*$/.test(key)) problems.push(`--lambda-env "${pair}" must be KEY=VALUE with an upper-case variable name`);
    else if (key === 'HEC_ENDPOINT_TYPE') problems.push('--lambda-env cannot set HEC_ENDPOINT_TYPE: use --hec-endpoint-type, which sets Firehose and the Lambda alike');
    else lambdaEnvironment[key] = pair.slice(eq + 1);
  }
  try {
    // The Lambda's own loader, so a value it would reject at cold start is refused here.
    loadConfig({ ...lambdaEnvironment, HEC_ENDPOINT_TYPE: hecEndpointType === 'Raw' ? 'Raw' : 'Event' });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    problems.push(...error.problems.map((p) => `--lambda-env: ${p}`));
  }
  const alarmsEnabled = raw.alarms ?? true;
  const alarmEmails = raw.alarmEmails ?? [];
  for (const email of alarmEmails) if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) problems.push(`--alarm-email "${email}" is not an email address`);
  if (raw.alarmTopicArn !== undefined && !/^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[\w-]{1,256}$/.test(raw.alarmTopicArn)) {
    problems.push(`--alarm-topic-arn "${raw.alarmTopicArn}" is not an SNS topic ARN (arn:aws:sns:<region>:<account>:<topic>)`);
  }
  if (raw.alarmTopicArn !== undefined && alarmEmails.length > 0) {
    problems.push('--alarm-email subscribes addresses to the topic this tool creates: with --alarm-topic-arn, subscribe them to your topic yourself');
  }
  if (!alarmsEnabled && (alarmEmails.length > 0 || raw.alarmTopicArn !== undefined || raw.silenceMinutes !== undefined)) {
    problems.push('--no-alarms leaves no alarm to notify: drop --alarm-email, --alarm-topic-arn and --silence-minutes, or the --no-alarms');
  }
  const silenceMinutes = raw.silenceMinutes ?? DEFAULT_SILENCE_MINUTES;
  inRange(problems, 'silence-minutes', silenceMinutes, 5, 1440, 'minutes');
  if (raw.silenceAlarm === false && raw.silenceMinutes !== undefined) problems.push('--silence-minutes and --no-silence-alarm exclude each other');
  const bucket = `${name}-backup-${accountId}-${region}`;
  if (bucket.length > 63) problems.push(`--name "${name}" is too long: the backup bucket "${bucket}" would exceed S3's 63 characters`);
  const flowLogsTo = (raw.flowLogsTo ?? 'cloudwatch-logs') as FlowLogsRoute;
  if (!FLOW_LOGS_ROUTES.includes(flowLogsTo)) problems.push(`--flow-logs-to must be ${FLOW_LOGS_ROUTES.join(' or ')}, not ${raw.flowLogsTo}`);
  if (topology.kind === 'central' && /^\d{12}$/.test(accountId)) {
    const partition = partitionOf(region);
    const grant = grantOf(topology, partition, region, accountId, destinationArnOf(partition, region, accountId, name))!;
    const bytes = accessPolicyBytes(destinationAccessPolicy(grant));
    const trust = JSON.stringify(centralLogsRoleTrust(grant)).length;
    const count = topology.senderAccountIds.length;
    if (bytes > DESTINATION_POLICY_LIMIT_BYTES) {
      problems.push(`--sender-account-id: ${count} accounts make the destination's access policy ${bytes} bytes, over CloudWatch Logs' ${DESTINATION_POLICY_LIMIT_BYTES}: grant the organisation with --organization-id instead`);
    } else if (trust > POLICY_SIZE_LIMITS.trust) {
      // Each sender's log ARNs are named in the CloudWatch Logs role's trust, as AWS's procedure does.
      problems.push(`--sender-account-id: ${count} accounts make the CloudWatch Logs role's trust policy ${trust} characters, over IAM's ${POLICY_SIZE_LIMITS.trust}: grant the organisation with --organization-id instead (its accounts need not be listed)`);
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  const settings: Settings = {
    name,
    accountId,
    region,
    hecUrl,
    hecEndpointType: hecEndpointType as Settings['hecEndpointType'],
    hecAckTimeoutSeconds,
    retryDurationSeconds,
    s3BackupMode: s3BackupMode as Settings['s3BackupMode'],
    processorBufferSizeMb,
    processorBufferIntervalSeconds,
    vpcIds,
    logGroups,
    logRetentionDays,
    backupExpirationDays,
    lambdaMemoryMb,
    lambdaTimeoutSeconds,
    lambdaEnvironment,
    hecTokenSource,
    topology,
    flowLogsTo,
    forceDestinationPolicyUpdate: raw.forceDestinationPolicyUpdate ?? false,
    alarms: {
      // A sender has no stream to watch: its alarms are the central account's.
      enabled: alarmsEnabled && topology.kind !== 'sender',
      emails: [...new Set(alarmEmails)].sort(),
      ...(raw.alarmTopicArn !== undefined ? { topicArn: raw.alarmTopicArn } : {}),
      ...(raw.silenceAlarm !== false ? { silenceMinutes } : {}),
    },
  };
  if (raw.kmsKeyArn !== undefined) settings.kmsKeyArn = raw.kmsKeyArn;
  return { ok: true, settings };
}

/** The account's place in a rollout, from --sender-account-id, --organization-id and --central-account-id. */
function topologyOf(raw: RawSettings, accountId: string, problems: string[]): Topology {
  const senders = [...new Set(raw.senderAccountIds ?? [])];
  for (const id of senders) {
    if (!ACCOUNT_ID_PATTERN.test(id)) problems.push(`--sender-account-id "${id}" must be a 12-digit AWS account id`);
    else if (id === accountId) problems.push(`--sender-account-id ${id} is this account itself: its own log groups need no grant`);
  }
  const organizationId = raw.organizationId;
  if (organizationId !== undefined && !ORGANIZATION_ID_PATTERN.test(organizationId)) problems.push(`--organization-id "${organizationId}" is not an AWS Organizations id such as o-a1b2c3d4e5`);
  const central = raw.centralAccountId;
  if (central !== undefined) {
    if (!ACCOUNT_ID_PATTERN.test(central)) problems.push(`--central-account-id "${central}" must be a 12-digit AWS account id`);
    else if (central === accountId) problems.push(`--central-account-id ${central} is this account itself: a central account takes --sender-account-id or --organization-id instead`);
    if (senders.length > 0) problems.push('--central-account-id (a sender) and --sender-account-id (a central account) exclude each other');
    return { kind: 'sender', centralAccountId: central, ...(organizationId !== undefined ? { organizationId } : {}) };
  }
  if (senders.length > 0 || organizationId !== undefined) {
    return {
      kind: 'central',
      senderAccountIds: senders.sort(),
      ...(organizationId !== undefined ? { organizationId } : {}),
      ...(raw.senderFlowLogsToFirehose || raw.flowLogsTo === 'firehose' ? { senderFlowLogsToFirehose: true } : {}),
    };
  }
  if (raw.senderFlowLogsToFirehose) problems.push('--sender-flow-logs-to-firehose only applies to a central account (--sender-account-id or --organization-id)');
  if (raw.forceDestinationPolicyUpdate) problems.push('--force-destination-policy-update only applies to a central account (--sender-account-id or --organization-id)');
  return { kind: 'standalone' };
}
