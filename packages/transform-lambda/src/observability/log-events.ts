import { emptySummary, type InvocationSummary } from './summary.js';

/**
 * Every line the transform Lambda logs, defined once: its event name (the `event` field, what a
 * CloudWatch Logs Insights query or a metric filter matches on), its level, its human message,
 * and the fields it carries. The code logs only through this catalogue, the tests assert on the
 * event names, and the README's table is checked against it. Every line also carries
 * `awsRequestId` and `coldStart` (see logger.ts).
 */
export const LOG_EVENTS = {
  /** One record answered ProcessingFailed: Firehose backs its original bytes up to S3. */
  'record-processing-failed': {
    level: 'WARN',
    message: 'record processing failed',
    fields: ['invocationId', 'recordId', 'reason', 'detail'],
  },
  /** A fast formatting path threw; the general path formatted the record (same output, slower). */
  'fast-path-failed': {
    level: 'WARN',
    message: 'fast path failed; the general path formatted the record',
    fields: ['detail'],
  },
  /** Once per invocation: every counter of the invocation (the same as the EMF metrics). */
  'invocation-summary': {
    level: 'INFO',
    message: 'invocation summary',
    fields: Object.keys(emptySummary('', 'DirectPut')) as Array<keyof InvocationSummary>,
  },
  /** The configuration is invalid: every invocation fails until it is fixed. */
  'config-invalid': {
    level: 'ERROR',
    message: 'configuration is invalid; fix the listed variables',
    fields: ['problems'],
  },
  /** The function was invoked with something that is not a Firehose transformation event. */
  'invocation-rejected': {
    level: 'ERROR',
    message: 'invocation rejected: not a Firehose data-transformation event',
    fields: ['code', 'detail'],
  },
} as const;

export type LogEventName = keyof typeof LOG_EVENTS;
export type LogLevel = 'INFO' | 'WARN' | 'ERROR';

/** The fields each event carries, checked at compile time. */
export interface LogEventFields {
  'record-processing-failed': { invocationId: string; recordId: string; reason: string; detail: string };
  'fast-path-failed': { detail: string };
  'invocation-summary': InvocationSummary;
  'config-invalid': { problems: readonly string[] };
  'invocation-rejected': { code: string; detail: string };
}
