import { CodedError } from '@firehose-splunk/internal';

/**
 * Every error the transform Lambda throws on purpose, one class per failure, each with a
 * stable `code`. A bad record is never one of these: it is answered ProcessingFailed and
 * logged (see log-events.ts). These are the failures of a whole invocation or cold start.
 */

/** A configuration problem found at cold start; the message names every bad variable and how to fix it. */
export class ConfigError extends CodedError<'CONFIG_INVALID'> {
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super('CONFIG_INVALID', `transform-lambda configuration is invalid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.problems = problems;
  }
}

/** The function was invoked with something other than a Firehose data-transformation event. */
export class NotAFirehoseEventError extends CodedError<'NOT_A_FIREHOSE_EVENT'> {
  constructor(detail: string) {
    super('NOT_A_FIREHOSE_EVENT', `${detail}: invoke this function only as a Firehose processor`);
  }
}

/** The event names a re-ingest target whose ARN cannot be read. */
export class InvalidStreamArnError extends CodedError<'INVALID_STREAM_ARN'> {
  constructor(field: 'deliveryStreamArn' | 'sourceKinesisStreamArn', arn: string) {
    super('INVALID_STREAM_ARN', `${field} "${arn}" is not a ${field === 'deliveryStreamArn' ? 'Firehose delivery stream' : 'Kinesis stream'} ARN: the event is not from Firehose`);
  }
}

/**
 * The WebAssembly scanner could not do its part (its memory could not grow, or it was used out
 * of order). The formatter chain catches it: the general path formats the record instead.
 */
export class WasmScannerError extends CodedError<'WASM_SCANNER_FAILED'> {
  constructor(detail: string, cause?: unknown) {
    super('WASM_SCANNER_FAILED', `the WebAssembly event scanner failed: ${detail}`, { cause });
  }
}

/** Base64Texts was used out of order (a programming error in this package). */
export class Base64TextsMisuseError extends CodedError<'BASE64_TEXTS_MISUSE'> {
  constructor(detail: string) {
    super('BASE64_TEXTS_MISUSE', `Base64Texts ${detail}`);
  }
}
