/**
 * The base of every error a firehose-splunk package throws on purpose: a stable `code` that
 * callers and tests branch on (messages may be reworded; codes may not), a message that says
 * what was wrong, with which input and what to do, and the original `cause` kept as it was.
 */
export class CodedError<Code extends string = string> extends Error {
  readonly code: Code;

  constructor(code: Code, message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    // The subclass's own name (ConfigError, StepError, ...) shows in stack traces and logs.
    this.name = new.target.name;
  }
}

/** True when `error` is a CodedError with this code, whatever realm or copy of the class made it. */
export function hasCode<Code extends string>(error: unknown, code: Code): error is CodedError<Code> {
  return error instanceof Error && (error as { code?: unknown }).code === code;
}
