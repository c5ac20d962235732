import { CodedError, errorText } from '@firehose-splunk/internal';
import { errorName } from './aws/errors.js';

/**
 * Every error firehose-splunk stops on, one class per failure, each with a stable `code` that
 * the CLI prints and tests assert on, a message that says what was wrong and what to do, and
 * the original `cause`.
 */

/** The command line itself is wrong: an unknown flag or command, a missing value (from yargs). */
export class UsageError extends CodedError<'USAGE'> {
  constructor(message: string) {
    super('USAGE', message);
  }
}

/** Flags or config-file settings are wrong; every problem is listed, nothing was done. */
export class InvalidSettingsError extends CodedError<'INVALID_SETTINGS'> {
  constructor(
    readonly problems: readonly string[],
    what: 'done' | 'planned' = 'done',
  ) {
    super('INVALID_SETTINGS', `nothing was ${what}:\n  - ${problems.join('\n  - ')}`);
  }
}

/** The --config file cannot be read or does not describe targets. */
export class ConfigFileError extends CodedError<'CONFIG_FILE_INVALID'> {
  constructor(path: string, detail: string, cause?: unknown) {
    super('CONFIG_FILE_INVALID', `--config ${path}: ${detail}`, { cause });
  }
}

/** The HEC token could not be read from its source (the token itself is never in the message). */
export class HecTokenError extends CodedError<'HEC_TOKEN_UNAVAILABLE'> {
  constructor(detail: string, cause?: unknown) {
    super('HEC_TOKEN_UNAVAILABLE', detail, { cause });
  }
}

/** The transform Lambda's deployment zip is not where its package puts it. */
export class LambdaZipMissingError extends CodedError<'LAMBDA_ZIP_MISSING'> {
  constructor(detail: string, cause?: unknown) {
    super('LAMBDA_ZIP_MISSING', detail, { cause });
  }
}

/** A change needs confirmation and there is no terminal to ask on. */
export class ConfirmationRequiredError extends CodedError<'CONFIRMATION_REQUIRED'> {
  constructor() {
    super('CONFIRMATION_REQUIRED', 'this would change AWS resources and there is no terminal to confirm on: run again with --yes');
  }
}

/** The credentials belong to another account than --account-id names. */
export class WrongAccountError extends CodedError<'WRONG_ACCOUNT'> {
  constructor(actual: string | undefined, expected: string) {
    super('WRONG_ACCOUNT', `the credentials are for account ${actual}, not ${expected}: use --profile or --assume-role-arn for the right account`);
  }
}

/** The delivery stream did not become ACTIVE. */
export class StreamNotActiveError extends CodedError<'STREAM_NOT_ACTIVE'> {
  constructor(detail: string) {
    super('STREAM_NOT_ACTIVE', detail);
  }
}

/** What to do about a failed AWS call, from the error's name and message. */
function adviceFor(call: string, resource: string, cause: unknown): string {
  const text = errorText(cause);
  if (call === 'logs:PutSubscriptionFilter' && /AccessDenied|not authorized/i.test(text) && /:destination:/.test(text)) {
    return 'the central account\u2019s destination does not grant this account: add it there (--sender-account-id, or --organization-id for the whole organisation), apply the central account, then this one';
  }
  if (/AccessDenied|UnauthorizedOperation|not authorized/i.test(text)) {
    return `the credentials lack a permission: grant ${call} on ${resource} (the message above names it), then run again`;
  }
  if (/CredentialsProviderError|Could not load credentials/i.test(text)) {
    return 'no AWS credentials were found: set AWS_PROFILE (or --profile) or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY';
  }
  return 'fix the cause and run again: apply picks up where it stopped';
}

/** An AWS call failed: names the call, the resource, the AWS error, and what to do. */
export class StepError extends CodedError<'AWS_CALL_FAILED'> {
  readonly call: string;
  readonly resource: string;
  /** The AWS error's name (AccessDeniedException, NoSuchBucket, ...). */
  readonly awsError: string;

  constructor(call: string, resource: string, cause: unknown) {
    super('AWS_CALL_FAILED', `${call} on ${resource} failed: ${errorText(cause)}. What to do: ${adviceFor(call, resource, cause)}`, { cause });
    this.call = call;
    this.resource = resource;
    this.awsError = errorName(cause);
  }
}
