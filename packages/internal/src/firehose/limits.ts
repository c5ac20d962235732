/**
 * Limits Amazon Data Firehose and Lambda set on the transform path, defined once.
 */

/**
 * Records per PutRecordBatch call (and per Kinesis PutRecords call).
 * @see https://docs.aws.amazon.com/firehose/latest/APIReference/API_PutRecordBatch.html
 * @see https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutRecords.html
 */
export const PUT_RECORD_BATCH_MAX_RECORDS = 500;

/**
 * Bytes per PutRecordBatch call: "up to a limit of 4 MB for the entire request", enforced as
 * 4 MiB; Kinesis PutRecords allows more (10 MiB), so one bound serves both.
 * @see https://docs.aws.amazon.com/firehose/latest/APIReference/API_PutRecordBatch.html
 */
export const PUT_RECORD_BATCH_MAX_BYTES = 4 * 1024 * 1024;

/**
 * Bytes of one Firehose record before base64: 1,000 KiB.
 * @see https://docs.aws.amazon.com/firehose/latest/APIReference/API_Record.html
 */
export const FIREHOSE_MAX_RECORD_BYTES = 1000 * 1024;

/**
 * The largest response a synchronously invoked Lambda may return: Firehose invokes the
 * transform synchronously, so its whole answer must fit in 6 MB (6,291,456 bytes).
 * @see https://docs.aws.amazon.com/firehose/latest/dev/data-transformation.html
 * @see https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html
 */
export const LAMBDA_SYNC_RESPONSE_MAX_BYTES = 6 * 1024 * 1024;

/**
 * How long Firehose waits for a transform Lambda: at most 5 minutes.
 * @see https://docs.aws.amazon.com/firehose/latest/dev/data-transformation.html
 */
export const FIREHOSE_LAMBDA_MAX_TIMEOUT_SECONDS = 300;

/**
 * Firehose's processor buffer for Splunk destinations: 256 KB by default (0.2 to 3 MB).
 * @see https://docs.aws.amazon.com/firehose/latest/dev/data-transformation.html
 */
export const FIREHOSE_SPLUNK_PROCESSOR_BUFFER_BYTES = 256 * 1024;

/**
 * Times Firehose retries a failed transform invocation before backing its records up (the
 * `NumberOfRetries` processor parameter's default).
 * @see https://docs.aws.amazon.com/firehose/latest/dev/data-transformation.html
 */
export const FIREHOSE_LAMBDA_DEFAULT_RETRIES = 3;
