import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { EC2Client } from '@aws-sdk/client-ec2';
import { FirehoseClient } from '@aws-sdk/client-firehose';
import { IAMClient } from '@aws-sdk/client-iam';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SNSClient } from '@aws-sdk/client-sns';
import { STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentityProvider, RetryStrategyV2 } from '@smithy/types';

/** The SDK clients of one region; built once per region and shared by every step. */
export interface AwsClients {
  region: string;
  sts: STSClient;
  iam: IAMClient;
  s3: S3Client;
  ec2: EC2Client;
  logs: CloudWatchLogsClient;
  lambda: LambdaClient;
  firehose: FirehoseClient;
  secrets: SecretsManagerClient;
  cloudwatch: CloudWatchClient;
  sns: SNSClient;
}

/**
 * Creates the clients; the SDK's own retries handle throttling, 5xx and lost connections
 * (adaptive mode, 6 attempts). Tests pass a retry strategy that does not wait.
 */
export function createClients(region: string, credentials?: AwsCredentialIdentityProvider, retryStrategy?: RetryStrategyV2): AwsClients {
  const config = {
    region,
    maxAttempts: 6,
    retryMode: 'adaptive' as const,
    ...(credentials ? { credentials } : {}),
    ...(retryStrategy ? { retryStrategy } : {}),
  };
  return {
    region,
    sts: new STSClient(config),
    iam: new IAMClient(config),
    s3: new S3Client(config),
    ec2: new EC2Client(config),
    logs: new CloudWatchLogsClient(config),
    lambda: new LambdaClient(config),
    firehose: new FirehoseClient(config),
    secrets: new SecretsManagerClient(config),
    cloudwatch: new CloudWatchClient(config),
    sns: new SNSClient(config),
  };
}
