import { randomUUID } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArn, type SplunkDestination } from '@firehose-splunk/internal';
import type { FirehoseClient } from '@aws-sdk/client-firehose';
import type { Argv, CommandModule } from 'yargs';
import { InvalidSettingsError, UsageError } from '../errors.js';
import type { Io } from '../io.js';
import type { ReplaySummary } from '../replay/replay.js';
import { resourceNames } from '../names.js';
import { validateSettings, type Settings } from '../settings.js';
import { commonOptions, type CommonArgs } from './common-options.js';
import type { LiveDeps } from './live-deps.js';
import { targetsOf } from './targets.js';

interface ReplayArgs extends CommonArgs {
  from?: string;
  since?: string;
  until?: string;
  dryRun: boolean;
  deleteReplayed: boolean;
  includeProcessingFailed: boolean;
  transformLocally: boolean;
  json: boolean;
}

const UNITS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `--since 24h` (that long ago), or an ISO 8601 date and time; a UsageError naming the flag otherwise. */
export function parseTimeFlag(flag: string, value: string | undefined, now = Date.now()): Date | undefined {
  if (value === undefined) return undefined;
  const relative = /^(\d+)([mhd])$/.exec(value);
  if (relative) return new Date(now - Number(relative[1]) * (UNITS[relative[2] as string] as number));
  const at = Date.parse(value);
  if (Number.isNaN(at)) throw new UsageError(`--${flag} "${value}" is neither a duration such as 90m, 24h or 7d nor an ISO 8601 time such as 2026-12-01T09:00:00Z`);
  return new Date(at);
}

/** The stream's error prefix, where Firehose writes what it could not deliver or transform, and the prefixes it uses without one. */
const DEFAULT_PREFIXES = ['splunk-failed/', 'processing-failed/'];

function summaryText(source: string, s: ReplaySummary, dryRun: boolean): string {
  return `${dryRun ? 'Dry run (nothing sent) of' : 'Replayed'} ${source}:\n  ${s.objects} objects, ${s.records} records, ${s.events} events; ${s.sent} records sent and acknowledged, ${s.failed} failed, ${s.skipped} skipped\n`;
}

/**
 * `replay`: returns backed-up Splunk deliveries to HEC, from the stack's backup bucket or a
 * local copy of it, acknowledged, once. Processing failures are counted and skipped.
 */
export function replayCommand(io: Io, deps: LiveDeps, exit: (code: number) => void): CommandModule<object, ReplayArgs> {
  return {
    command: 'replay',
    describe: 'Send records Firehose backed up because Splunk did not take them back to HEC, acknowledged, once',
    builder: (yargs: Argv) =>
      commonOptions(yargs)
        .option('from', { type: 'string', describe: 'A local folder holding the backup objects (aws s3 sync, or the demo\'s backup folder) instead of the bucket' })
        .option('since', { type: 'string', describe: 'Only objects written since: 90m, 24h, 7d, or an ISO 8601 time' })
        .option('until', { type: 'string', describe: 'Only objects written before: as --since' })
        .option('dry-run', { type: 'boolean', default: false, describe: 'Count what would be sent; send nothing' })
        .option('json', { type: 'boolean', default: false, describe: 'Print the summary as one JSON object (same as --output json)' })
        .option('delete-replayed', { type: 'boolean', default: false, describe: 'Delete an object once every record in it is acknowledged' })
        .option('include-processing-failed', { type: 'boolean', default: false, describe: 'Also take the records the transform failed on: put them back into the delivery stream (PutRecordBatch), so the fixed Lambda sees them again' })
        .option('transform-locally', { type: 'boolean', default: false, describe: 'With --include-processing-failed: run them through the packaged transform here and send the result to HEC instead' }) as unknown as Argv<ReplayArgs>,
    handler: async (args) => {
      const since = parseTimeFlag('since', args.since);
      const until = parseTimeFlag('until', args.until);
      if (since && until && since >= until) throw new UsageError('--since must be before --until');
      if (args.transformLocally && !args.includeProcessingFailed) throw new UsageError('--transform-locally applies to processing failures: add --include-processing-failed');
      const [{ replay, REPLAY_ACK_POLL_MS }, { readHecToken }] = await Promise.all([import('../replay/replay.js'), import('../hec-token.js')]);
      const destinationFor = (settings: Settings, hecToken: string): SplunkDestination => ({
        hecUrl: settings.hecUrl,
        hecToken,
        hecEndpointType: settings.hecEndpointType,
        ackTimeoutMs: settings.hecAckTimeoutSeconds * 1000,
        retryDurationMs: settings.retryDurationSeconds * 1000,
        ackPollIntervalMs: REPLAY_ACK_POLL_MS,
      });
      const run = async (source: import('../replay/backup-source.js').BackupSource, settings: Settings, token: () => Promise<string>, firehose: () => Promise<FirehoseClient>): Promise<boolean> => {
        let drawn = false;
        const destination = destinationFor(settings, args.dryRun ? '' : await token());
        const channel = randomUUID();
        let processing: import('../replay/processing-failures.js').ProcessingHandler | undefined;
        if (args.includeProcessingFailed && !args.dryRun) {
          const handlers = await import('../replay/processing-failures.js');
          const { deliverBatch } = await import('@firehose-splunk/internal');
          const names = resourceNames(settings);
          processing = args.transformLocally
            ? await handlers.transformLocally(settings.lambdaEnvironment, destination, deliverBatch, channel)
            : await handlers.putBackIntoStream(names.deliveryStreamArn, await firehose());
        }
        const summary = await replay({
          source,
          destination,
          channel,
          ...(processing ? { processing } : {}),
          ...(since ? { since } : {}),
          ...(until ? { until } : {}),
          dryRun: args.dryRun,
          deleteReplayed: args.deleteReplayed,
          progress: (done, total, s) => {
            const line = `replay: ${done}/${total} objects, ${s.sent} records sent, ${s.failed} failed, ${s.skipped} skipped`;
            if (io.stderrIsTTY) {
              io.err(`\r${line}`);
              drawn = true;
            } else if (done === total || done % 100 === 0) io.err(`${line}\n`);
          },
          problem: (p) => {
            io.err(`${drawn ? '\n' : ''}replay: ${p.key}${'line' in p && p.line !== undefined ? ` line ${p.line + 1}` : ''}: ${p.reason}: ${p.detail}\n`);
            drawn = false;
          },
        });
        if (drawn) io.err('\n');
        io.out(args.json || args.output === 'json' ? `${JSON.stringify(summary)}\n` : summaryText(source.describe, summary, args.dryRun));
        return summary.failed === 0;
      };

      if (args.from !== undefined) {
        // A local folder: no AWS call, unless the token is in Secrets Manager.
        const folder = resolve(args.from);
        if (!existsSync(folder) || !statSync(folder).isDirectory()) throw new UsageError(`--from ${args.from} is not a folder`);
        const [target] = await targetsOf(args);
        if (args.includeProcessingFailed && !args.transformLocally && (!target?.region || !target.accountId)) {
          throw new UsageError('--include-processing-failed puts records back into the stack\'s delivery stream: give --region and --account-id (or --transform-locally)');
        }
        const checked = validateSettings({ ...target, accountId: target?.accountId ?? '000000000000', region: target?.region || 'us-east-1' }, { loopbackHttp: true });
        if (!checked.ok) throw new InvalidSettingsError(checked.problems);
        const settings = checked.settings;
        const { FolderBackup } = await import('../replay/backup-source.js');
        const secrets = async () => {
          const region = settings.hecTokenSource.kind === 'secrets-manager' ? (parseArn(settings.hecTokenSource.secretArn)?.region ?? settings.region) : settings.region;
          return (await deps.clientsFor(target ?? { region }, region)).secrets;
        };
        const token = async () => {
          const client = settings.hecTokenSource.kind === 'secrets-manager' ? await secrets() : undefined;
          return readHecToken(settings.hecTokenSource, io, () => client as NonNullable<typeof client>);
        };
        exit((await run(new FolderBackup(folder), settings, token, async () => (await deps.clientsFor(target ?? { region: settings.region }, settings.region)).firehose)) ? 0 : 1);
        return;
      }
      const [{ forEachTarget }, { BucketBackup }, { describeStream }] = await Promise.all([import('./live.js'), import('../replay/backup-source.js'), import('../engine/delivery-stream.js')]);
      exit(
        await forEachTarget(
          args,
          io,
          deps,
          async (context, settings) => {
            const ctx = context(false);
            const stream = await describeStream(ctx, ctx.names.deliveryStream);
            const prefix = stream?.Destinations?.[0]?.SplunkDestinationDescription?.S3DestinationDescription?.ErrorOutputPrefix;
            const prefixes = [...new Set([...(prefix ? [prefix] : []), ...DEFAULT_PREFIXES])];
            return run(new BucketBackup(ctx.clients.s3, ctx.names.bucket, prefixes), settings, ctx.hecToken, async () => ctx.clients.firehose);
          },
          { loopbackHttp: true },
        ),
      );
    },
  };
}
