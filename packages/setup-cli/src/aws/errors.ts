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

/** A step failed: names the call, the resource and what to do about it. */
export class StepError extends Error {
  constructor(call: string, resource: string, cause: unknown) {
    const name = errorName(cause);
    const message = (cause as Error)?.message ?? String(cause);
    let advice = 'fix the cause and run apply again: it picks up where it stopped';
    if (/AccessDenied|UnauthorizedOperation|not authorized/i.test(`${name} ${message}`)) {
      advice = `the credentials lack a permission: grant ${call} on ${resource} (the message above names it), then run apply again`;
    } else if (/CredentialsProviderError|Could not load credentials/i.test(`${name} ${message}`)) {
      advice = 'no AWS credentials were found: set AWS_PROFILE (or --profile) or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY';
    }
    super(`${call} on ${resource} failed: ${name}: ${message}. What to do: ${advice}`);
    this.name = 'StepError';
  }
}
