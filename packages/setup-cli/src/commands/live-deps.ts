import type { AwsClients } from '../aws/clients.js';
import type { RetryOptions } from '../aws/retry.js';
import type { Target } from '../config-file.js';
import { readLambdaZip } from '../lambda-zip.js';

/** What live commands need beyond their flags; tests replace the clients and the waits. */
export interface LiveDeps {
  /** The SDK clients for a target's region; may load the SDK, so it may be async. */
  clientsFor: (target: Target, region: string) => AwsClients | Promise<AwsClients>;
  lambdaZip: () => Buffer;
  retry: RetryOptions;
  waitForActive: { timeoutMs: number; pollMs: number };
}

/**
 * Retries of calls that fail while IAM propagates a new role or policy: 8 attempts, doubling
 * from 2 s to 20 s (about 2 minutes in all). AWS says a change "can take several seconds"
 * and is usually visible within a minute or two.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_general.html#troubleshoot_general_eventual-consistency
 */
export const IAM_PROPAGATION_RETRY: RetryOptions = { attempts: 8, baseDelayMs: 2_000, maxDelayMs: 20_000 };

/**
 * How long apply waits for a new or updated delivery stream to become ACTIVE (CREATING takes
 * a few minutes), and how often it looks.
 * @see https://docs.aws.amazon.com/firehose/latest/APIReference/API_CreateDeliveryStream.html
 */
export const STREAM_ACTIVE_WAIT = { timeoutMs: 15 * 60_000, pollMs: 10_000 };

/** The real AWS: the SDK is loaded only when a command first needs a client. */
export const defaultDeps: LiveDeps = {
  clientsFor: async (target, region) => {
    const [{ createClients }, { credentialsFor }] = await Promise.all([import('../aws/clients.js'), import('../credentials.js')]);
    return createClients(region, credentialsFor(target, region));
  },
  lambdaZip: () => readLambdaZip(),
  retry: IAM_PROPAGATION_RETRY,
  waitForActive: STREAM_ACTIVE_WAIT,
};
