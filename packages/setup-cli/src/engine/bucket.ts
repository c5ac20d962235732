import {
  CreateBucketCommand,
  DeleteBucketCommand,
  GetBucketEncryptionCommand,
  GetBucketLifecycleConfigurationCommand,
  GetBucketPolicyCommand,
  GetBucketTaggingCommand,
  GetPublicAccessBlockCommand,
  HeadBucketCommand,
  ListObjectsV2Command,
  PutBucketEncryptionCommand,
  PutBucketLifecycleConfigurationCommand,
  PutBucketPolicyCommand,
  PutBucketTaggingCommand,
  PutPublicAccessBlockCommand,
  type BucketLocationConstraint,
  type ServerSideEncryptionByDefault,
} from '@aws-sdk/client-s3';
import { errorName, isNotFound } from '../aws/errors.js';
import { bucketPolicy } from '../iam-policies.js';
import { call, callOrAbsent, fail, isOurs, managedTags, sameJson, tagRecord, settle, type Change, type EngineContext, type StepResult } from './context.js';

function desiredEncryption(ctx: EngineContext): ServerSideEncryptionByDefault {
  return ctx.settings.kmsKeyArn !== undefined ? { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: ctx.settings.kmsKeyArn } : { SSEAlgorithm: 'AES256' };
}

const PUBLIC_ACCESS_BLOCK = { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true };

/** The backup bucket: created if missing, then each setting compared and put where it differs. */
export async function reconcileBucket(ctx: EngineContext): Promise<StepResult> {
  const { s3 } = ctx.clients;
  const Bucket = ctx.names.bucket;
  const result: StepResult = { type: 's3-bucket', name: Bucket, action: 'no change', details: [] };
  let exists = true;
  try {
    await s3.send(new HeadBucketCommand({ Bucket }));
  } catch (error) {
    const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    if (status === 403) {
      return { ...result, action: 'conflict', details: ['the bucket name belongs to another account or denies this one: choose another --name'] };
    }
    if (!isNotFound(error)) fail('s3:HeadBucket', Bucket, error);
    exists = false;
  }
  const current = exists
    ? {
        tags: tagRecord((await callOrAbsent('s3:GetBucketTagging', Bucket, () => s3.send(new GetBucketTaggingCommand({ Bucket }))))?.TagSet),
        block: (await callOrAbsent('s3:GetPublicAccessBlock', Bucket, () => s3.send(new GetPublicAccessBlockCommand({ Bucket }))))?.PublicAccessBlockConfiguration,
        encryption: (await callOrAbsent('s3:GetBucketEncryption', Bucket, () => s3.send(new GetBucketEncryptionCommand({ Bucket }))))?.ServerSideEncryptionConfiguration?.Rules?.[0]
          ?.ApplyServerSideEncryptionByDefault,
        policy: (await callOrAbsent('s3:GetBucketPolicy', Bucket, () => s3.send(new GetBucketPolicyCommand({ Bucket }))))?.Policy,
        lifecycle: (await callOrAbsent('s3:GetBucketLifecycleConfiguration', Bucket, () => s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket }))))?.Rules,
      }
    : undefined;
  if (current && !isOurs(current.tags, ctx.settings)) {
    return { ...result, action: 'conflict', details: ['the bucket exists but this tool did not create it (no managed-by tag): choose another --name'] };
  }
  const changes: Change[] = [];
  if (!current) {
    result.action = 'create';
    const config = ctx.settings.region === 'us-east-1' ? {} : { CreateBucketConfiguration: { LocationConstraint: ctx.settings.region as BucketLocationConstraint } };
    changes.push(['create the bucket', () => call('s3:CreateBucket', Bucket, () => s3.send(new CreateBucketCommand({ Bucket, ...config })))]);
  }
  const want = {
    tags: managedTags(ctx.settings),
    encryption: desiredEncryption(ctx),
    policy: bucketPolicy(ctx.names),
    lifecycle: {
      ID: 'expire-old-backups',
      Status: 'Enabled',
      Filter: { Prefix: '' },
      Expiration: { Days: ctx.settings.backupExpirationDays },
      AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 },
    },
  };
  if (!current || !sameJson(current.block, PUBLIC_ACCESS_BLOCK)) {
    changes.push(['block public access', () => call('s3:PutPublicAccessBlock', Bucket, () => s3.send(new PutPublicAccessBlockCommand({ Bucket, PublicAccessBlockConfiguration: PUBLIC_ACCESS_BLOCK })))]);
  }
  if (!current || current.encryption?.SSEAlgorithm !== want.encryption.SSEAlgorithm || (current.encryption?.KMSMasterKeyID ?? undefined) !== want.encryption.KMSMasterKeyID) {
    changes.push([
      `default encryption ${want.encryption.SSEAlgorithm}`,
      () =>
        call('s3:PutBucketEncryption', Bucket, () =>
          s3.send(
            new PutBucketEncryptionCommand({
              Bucket,
              ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: want.encryption, BucketKeyEnabled: want.encryption.SSEAlgorithm === 'aws:kms' }] },
            }),
          ),
        ),
    ]);
  }
  if (!current || current.policy === undefined || !sameJson(JSON.parse(current.policy), want.policy)) {
    changes.push(['bucket policy denying non-TLS access', () => call('s3:PutBucketPolicy', Bucket, () => s3.send(new PutBucketPolicyCommand({ Bucket, Policy: JSON.stringify(want.policy) })))]);
  }
  const lifecycleRule = current?.lifecycle?.find((r) => r.ID === want.lifecycle.ID);
  if (!lifecycleRule || lifecycleRule.Expiration?.Days !== want.lifecycle.Expiration.Days) {
    changes.push([
      `expire backups after ${ctx.settings.backupExpirationDays} days`,
      () =>
        call('s3:PutBucketLifecycleConfiguration', Bucket, () =>
          s3.send(new PutBucketLifecycleConfigurationCommand({ Bucket, LifecycleConfiguration: { Rules: [want.lifecycle as never] } })),
        ),
    ]);
  }
  // An existing bucket already carries our tags (isOurs above); S3 replaces the whole tag
  // set on every put, so a user's own tags are never overwritten after creation.
  if (!current) {
    changes.push(['tags', () => call('s3:PutBucketTagging', Bucket, () => s3.send(new PutBucketTaggingCommand({ Bucket, Tagging: { TagSet: Object.entries(want.tags).map(([Key, Value]) => ({ Key, Value })) } })))]);
  }
  return settle(ctx, result, changes);
}

/** Deletes the bucket only when asked to and only when it is empty (backups are not thrown away silently). */
export async function destroyBucket(ctx: EngineContext, deleteBucket: boolean): Promise<StepResult> {
  const { s3 } = ctx.clients;
  const Bucket = ctx.names.bucket;
  const result: StepResult = { type: 's3-bucket', name: Bucket, action: 'keep', details: [] };
  let tags: Record<string, string>;
  try {
    tags = tagRecord((await s3.send(new GetBucketTaggingCommand({ Bucket }))).TagSet);
  } catch (error) {
    if (errorName(error) === 'NoSuchTagSet') tags = {};
    else if (isNotFound(error)) return { ...result, action: 'absent' };
    else fail('s3:GetBucketTagging', Bucket, error);
  }
  if (!isOurs(tags, ctx.settings)) return { ...result, details: ['not created by this tool: left alone'] };
  if (!deleteBucket) return { ...result, details: ['kept: it holds the backups (--delete-bucket removes it once empty)'] };
  const listing = await call('s3:ListObjectsV2', Bucket, () => s3.send(new ListObjectsV2Command({ Bucket, MaxKeys: 1 })));
  if ((listing.KeyCount ?? 0) > 0) {
    return { ...result, details: ['kept: it is not empty; move or delete the backups, then run destroy --delete-bucket again'] };
  }
  if (ctx.write) await call('s3:DeleteBucket', Bucket, () => s3.send(new DeleteBucketCommand({ Bucket })));
  return { ...result, action: 'delete' };
}
