import { StreamNotActiveError } from '../errors.js';
import { sleep } from '@firehose-splunk/internal';
import {
  CreateDeliveryStreamCommand,
  DeleteDeliveryStreamCommand,
  DescribeDeliveryStreamCommand,
  ListTagsForDeliveryStreamCommand,
  UpdateDestinationCommand,
  type DeliveryStreamDescription,
  type SplunkDestinationConfiguration,
} from '@aws-sdk/client-firehose';
import { retryPropagation } from '../aws/retry.js';
import type { DesiredResource } from '../desired-state.js';
import { call, callOrAbsent, fail, isOurs, managedTags, sameJson, tagRecord, type EngineContext, type StepResult } from './context.js';

/** The stream's description, or undefined when it does not exist. */
export async function describeStream(ctx: EngineContext, DeliveryStreamName: string): Promise<DeliveryStreamDescription | undefined> {
  const response = await callOrAbsent('firehose:DescribeDeliveryStream', DeliveryStreamName, () =>
    ctx.clients.firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName })),
  );
  return response?.DeliveryStreamDescription;
}

async function streamTags(ctx: EngineContext, DeliveryStreamName: string): Promise<Record<string, string>> {
  const response = await call('firehose:ListTagsForDeliveryStream', DeliveryStreamName, () =>
    ctx.clients.firehose.send(new ListTagsForDeliveryStreamCommand({ DeliveryStreamName })),
  );
  return tagRecord(response.Tags);
}

/** Creating a stream takes minutes: wait for ACTIVE and say so while waiting. */
export async function waitForActive(ctx: EngineContext, DeliveryStreamName: string): Promise<void> {
  const started = Date.now();
  for (;;) {
    const status = (await describeStream(ctx, DeliveryStreamName))?.DeliveryStreamStatus;
    if (status === 'ACTIVE') return;
    const seconds = Math.round((Date.now() - started) / 1000);
    if (status !== 'CREATING') {
      throw new StreamNotActiveError(`delivery stream ${DeliveryStreamName} is ${status ?? 'gone'}, not ACTIVE: look at its error log, fix the cause and run apply again`);
    }
    if (Date.now() - started > ctx.waitForActive.timeoutMs) {
      throw new StreamNotActiveError(`delivery stream ${DeliveryStreamName} is still ${status} after ${seconds} s: run apply again later, it picks up from here`);
    }
    ctx.progress(`waiting for delivery stream ${DeliveryStreamName} to become ACTIVE (${status}, ${seconds} s)`);
    await sleep(ctx.waitForActive.pollMs);
  }
}

function splunkConfiguration(desired: DesiredResource, token: string): SplunkDestinationConfiguration {
  const splunk = desired.settings.splunk as Record<string, unknown>;
  const { HECToken: _redacted, hecTokenSource: _source, ...rest } = splunk;
  return { ...(rest as unknown as SplunkDestinationConfiguration), HECToken: token };
}

/** The comparable part of a Splunk destination: what apply controls, the token excluded. */
function comparable(config: Record<string, unknown> | undefined): Record<string, unknown> {
  const processor = (config?.ProcessingConfiguration as { Processors?: Array<{ Parameters?: Array<{ ParameterName?: string; ParameterValue?: string }> | Record<string, unknown> }> } | undefined)
    ?.Processors?.[0];
  const parameters = Array.isArray(processor?.Parameters)
    ? Object.fromEntries(processor.Parameters.map((p) => [p.ParameterName, p.ParameterValue]))
    : Object.fromEntries(Object.entries(processor?.Parameters ?? {}).map(([k, v]) => [k, String(v)]));
  return {
    HECEndpoint: config?.HECEndpoint,
    HECEndpointType: config?.HECEndpointType,
    HECAcknowledgmentTimeoutInSeconds: config?.HECAcknowledgmentTimeoutInSeconds,
    RetryDuration: (config?.RetryOptions as { DurationInSeconds?: number } | undefined)?.DurationInSeconds,
    S3BackupMode: config?.S3BackupMode,
    processor: parameters,
  };
}

/** Firehose's processor parameters as the API takes them: a list of name/value strings. */
function apiProcessing(configuration: SplunkDestinationConfiguration): SplunkDestinationConfiguration {
  const processing = configuration.ProcessingConfiguration as unknown as { Enabled: boolean; Processors: Array<{ Type: string; Parameters: Record<string, unknown> }> };
  return {
    ...configuration,
    ProcessingConfiguration: {
      Enabled: processing.Enabled,
      Processors: processing.Processors.map((p) => ({
        Type: p.Type as 'Lambda',
        Parameters: Object.entries(p.Parameters).map(([ParameterName, value]) => ({ ParameterName: ParameterName as 'LambdaArn', ParameterValue: String(value) })),
      })),
    },
  };
}

/**
 * Firehose changes a Splunk destination's S3 backup mode in one direction only: FailedEventsOnly
 * to AllEvents. The other direction needs a new stream.
 * @see https://docs.aws.amazon.com/firehose/latest/APIReference/API_SplunkDestinationUpdate.html
 */
export function backupModeChange(have: unknown, want: unknown): 'none' | 'in place' | 'impossible' {
  if (have === want) return 'none';
  return have === 'FailedEventsOnly' && want === 'AllEvents' ? 'in place' : 'impossible';
}

/**
 * The delivery stream with its Splunk destination, created and waited for, or updated in place.
 * A change Firehose cannot make in place is a second result, a conflict that says what to do;
 * apply makes the rest and never attempts that one.
 */
export async function reconcileDeliveryStream(ctx: EngineContext, desired: DesiredResource): Promise<StepResult[]> {
  const { firehose } = ctx.clients;
  const DeliveryStreamName = desired.name;
  const result: StepResult = { type: 'firehose-delivery-stream', name: DeliveryStreamName, action: 'no change', details: [] };
  const current = await describeStream(ctx, DeliveryStreamName);
  const wantComparable = comparable(apiProcessing(splunkConfiguration(desired, '')) as unknown as Record<string, unknown>);
  if (!current) {
    result.action = 'create';
    result.details = ['create the stream with its Splunk destination and Lambda processor', 'wait until ACTIVE'];
    if (ctx.write) {
      const configuration = apiProcessing(splunkConfiguration(desired, await ctx.hecToken()));
      await retryPropagation(
        () =>
          firehose.send(
            new CreateDeliveryStreamCommand({
              DeliveryStreamName,
              DeliveryStreamType: 'DirectPut',
              SplunkDestinationConfiguration: configuration,
              Tags: Object.entries(managedTags(ctx.settings)).map(([Key, Value]) => ({ Key, Value })),
            }),
          ),
        { ...ctx.retry, onRetry: () => ctx.progress(`Firehose cannot assume ${ctx.names.firehoseRole} yet (IAM propagation); retrying`) },
      ).catch((error) => fail('firehose:CreateDeliveryStream', DeliveryStreamName, error));
      await waitForActive(ctx, DeliveryStreamName);
    }
    return [result];
  }
  if (!isOurs(await streamTags(ctx, DeliveryStreamName), ctx.settings)) {
    return [{ ...result, action: 'conflict', details: ['the stream exists but this tool did not create it: choose another --name'] }];
  }
  const destination = current.Destinations?.[0];
  const have = destination?.SplunkDestinationDescription as Record<string, unknown> | undefined;
  const differing = Object.keys(wantComparable).filter((k) => k !== 'S3BackupMode' && !sameJson(comparable(have)[k], wantComparable[k]));
  const blocked: StepResult[] = [];
  const modeChange = backupModeChange(have?.S3BackupMode, wantComparable.S3BackupMode);
  if (modeChange === 'in place') differing.push('S3 backup mode FailedEventsOnly to AllEvents');
  if (modeChange === 'impossible') {
    blocked.push({
      type: 'firehose-delivery-stream',
      name: DeliveryStreamName,
      action: 'conflict',
      details: [
        `the S3 backup mode is ${String(have?.S3BackupMode)} and Firehose cannot change it to ${String(wantComparable.S3BackupMode)} in place (only FailedEventsOnly to AllEvents): keep --s3-backup-mode ${String(have?.S3BackupMode)}, or run destroy and then apply to recreate the stream (the backup bucket and its objects stay)`,
      ],
    });
  }
  // A plan compares the token too when it can read one (a rotated token is a change); without
  // one it says the token was not compared. apply always has one.
  let token: string | undefined;
  try {
    token = await ctx.hecToken();
  } catch (error) {
    if (ctx.write) throw error;
    result.details.push('HEC token not compared: no token given');
  }
  if (token !== undefined && have?.HECToken !== token) differing.push('HEC token');
  if (differing.length === 0) return [result, ...blocked];
  result.action = 'update';
  result.details = [`Splunk destination (${differing.join(', ')})`, ...result.details];
  if (ctx.write) {
    if (current.DeliveryStreamStatus !== 'ACTIVE') await waitForActive(ctx, DeliveryStreamName);
    const { S3Configuration: _s3, S3BackupMode: _mode, ...update } = apiProcessing(splunkConfiguration(desired, await ctx.hecToken()));
    await call('firehose:UpdateDestination', DeliveryStreamName, () =>
      firehose.send(
        new UpdateDestinationCommand({
          DeliveryStreamName,
          CurrentDeliveryStreamVersionId: current.VersionId,
          DestinationId: destination?.DestinationId,
          // Only the one change Firehose allows; never the impossible one.
          SplunkDestinationUpdate: modeChange === 'in place' ? { ...update, S3BackupMode: 'AllEvents' } : update,
        }),
      ),
    );
  }
  return [result, ...blocked];
}

/** Deletes the stream if this tool created it. */
export async function destroyDeliveryStream(ctx: EngineContext, desired: DesiredResource): Promise<StepResult> {
  const DeliveryStreamName = desired.name;
  const result: StepResult = { type: 'firehose-delivery-stream', name: DeliveryStreamName, action: 'absent', details: [] };
  if (!(await describeStream(ctx, DeliveryStreamName))) return result;
  if (!isOurs(await streamTags(ctx, DeliveryStreamName), ctx.settings)) return { ...result, action: 'keep', details: ['not created by this tool: left alone'] };
  if (ctx.write) await call('firehose:DeleteDeliveryStream', DeliveryStreamName, () => ctx.clients.firehose.send(new DeleteDeliveryStreamCommand({ DeliveryStreamName })));
  return { ...result, action: 'delete' };
}
