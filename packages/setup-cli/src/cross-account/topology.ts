/**
 * Where one account stands in an organisation's rollout.
 *
 * - `standalone`: the account holds the whole pipeline and subscribes its own log groups.
 * - `central`: the account holds the pipeline and a CloudWatch Logs destination in front of
 *   the stream, open to the sender accounts and/or an organisation.
 * - `sender`: the account holds only its flow logs, log groups and subscription filters, all
 *   pointing at the central account's destination in the same region.
 *
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CrossAccountSubscriptions-Firehose.html
 */
export type Topology =
  | { kind: 'standalone' }
  | {
      kind: 'central';
      senderAccountIds: string[];
      organizationId?: string;
      /** Senders deliver VPC flow logs straight into the stream: the cross-account role is needed. */
      senderFlowLogsToFirehose?: boolean;
    }
  | { kind: 'sender'; centralAccountId: string; organizationId?: string };

/** The AWS Organizations id form, e.g. o-a1b2c3d4e5. */
export const ORGANIZATION_ID_PATTERN = /^o-[a-z0-9]{10,32}$/;
export const ACCOUNT_ID_PATTERN = /^\d{12}$/;
