/** The error name the SDK gives a failed call (NoSuchEntity, ResourceNotFoundException, ...). */
export function errorName(error: unknown): string {
  const e = error as { name?: string; Code?: string };
  return e?.name ?? e?.Code ?? 'Error';
}

/** True when an AWS error means "it does not exist". */
export function isNotFound(error: unknown): boolean {
  const name = errorName(error);
  const status = (error as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
  return /NoSuchEntity|NotFound|NoSuchBucket|NoSuchBucketPolicy|NoSuchLifecycleConfiguration|NoSuchTagSet|ServerSideEncryptionConfigurationNotFoundError|NoSuchPublicAccessBlockConfiguration/.test(name) || status === 404;
}

/**
 * IAM is eventually consistent: a role created a moment ago may not be assumable yet, and
 * Lambda, Firehose and CloudWatch Logs say so each in their own words.
 */
export function isPropagationDelay(error: unknown): boolean {
  const message = (error as Error)?.message ?? '';
  const name = errorName(error);
  return (
    (name === 'InvalidParameterValueException' && /cannot be assumed|role/i.test(message)) ||
    (name === 'InvalidArgumentException' && /assume role|unable to assume|not authorized|role/i.test(message)) ||
    (name === 'InvalidParameterException' && /Could not deliver test message|role|Firehose stream is in ACTIVE/i.test(message)) ||
    name === 'ResourceConflictException'
  );
}
