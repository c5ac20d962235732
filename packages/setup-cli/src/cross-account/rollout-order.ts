import type { Target } from '../config-file.js';

const DEFAULT_NAME = 'splunk-logs';

/** A target as "account/region" for messages. */
const where = (t: Target) => `${t.accountId ?? '(account from the credentials)'}/${t.region}`;

/**
 * Makes one config file describe a whole organisation:
 * - a target named by some sender's `centralAccountId` grants that sender (its account is added
 *   to the central's sender accounts, unless both name the same organisation, which already
 *   grants it), and so becomes a central account even with no grant of its own;
 * - each sender finds its central in its own region under the same name, when the file holds
 *   that central account at all: a cross-account filter reaches only a destination of its own
 *   region;
 * - a sender with flow logs straight to Firehose gives its central account the cross-account
 *   role that delivery needs;
 * - central accounts come first, so their destinations exist before senders subscribe to them.
 *
 * Returns the targets in apply order and every problem found.
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CrossAccountSubscriptions-Firehose.html
 */
export function arrangeRollout(targets: readonly Target[]): { targets: Target[]; problems: string[] } {
  const problems: string[] = [];
  const arranged = targets.map((t) => ({ ...t, ...(t.senderAccountIds ? { senderAccountIds: [...t.senderAccountIds] } : {}) }));
  for (const sender of arranged) {
    const central = sender.centralAccountId;
    if (central === undefined) continue;
    const ofCentral = arranged.filter((t) => t.accountId === central && t.centralAccountId === undefined);
    if (ofCentral.length === 0) continue; // set up elsewhere: its grant is its own business
    const name = sender.name ?? DEFAULT_NAME;
    const match = ofCentral.find((t) => t.region === sender.region && (t.name ?? DEFAULT_NAME) === name);
    if (!match) {
      problems.push(
        `sender ${where(sender)} points at central account ${central}, which this file sets up only in ${ofCentral.map((t) => `${t.region} (name "${t.name ?? DEFAULT_NAME}")`).join(', ')}: a cross-account filter reaches a destination of its own region only, so add ${sender.region} with name "${name}" to the central account`,
      );
      continue;
    }
    // Flow logs straight into the central stream need the central account's cross-account role.
    if (sender.flowLogsTo === 'firehose') match.senderFlowLogsToFirehose = true;
    const sameOrganization = sender.organizationId !== undefined && sender.organizationId === match.organizationId;
    if (sameOrganization) continue;
    if (sender.accountId === undefined) {
      problems.push(`sender in ${sender.region} names no accountId, so central account ${central} cannot grant it: give its accountId, or grant the organisation (organizationId) on both`);
      continue;
    }
    match.senderAccountIds = [...new Set([...(match.senderAccountIds ?? []), sender.accountId])];
  }
  const isCentral = (t: Target) => (t.senderAccountIds ?? []).length > 0 || (t.organizationId !== undefined && t.centralAccountId === undefined);
  return { targets: [...arranged.filter(isCentral), ...arranged.filter((t) => !isCentral(t))], problems };
}
