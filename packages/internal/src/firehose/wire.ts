/**
 * What crosses the wire between Firehose and a transform Lambda, and what Firehose writes to
 * the S3 backup: the shapes every package here reads or writes.
 * @see https://docs.aws.amazon.com/firehose/latest/dev/data-transformation.html
 */

/** One record as Firehose hands it to a transformation Lambda. */
export interface FirehoseInputRecord {
  recordId: string;
  approximateArrivalTimestamp?: number;
  /** Base64 of the record bytes: for CloudWatch Logs, a gzip-compressed JSON payload. */
  data: string;
  /** Present when the delivery stream reads from a Kinesis data stream. */
  kinesisRecordMetadata?: {
    shardId?: string;
    partitionKey: string;
    approximateArrivalTimestamp?: number;
    sequenceNumber?: string;
    subsequenceNumber?: string | number;
  };
}

/** The event Firehose sends to a transformation Lambda (Direct PUT or Kinesis source). */
export interface FirehoseTransformationEvent {
  invocationId: string;
  /** Set for a Direct PUT delivery stream. */
  deliveryStreamArn?: string;
  /** Set when the source is a Kinesis data stream. */
  sourceKinesisStreamArn?: string;
  region: string;
  records: FirehoseInputRecord[];
}

export type FirehoseResult = 'Ok' | 'Dropped' | 'ProcessingFailed';

/** One record of the Lambda's answer to Firehose. */
export interface FirehoseOutputRecord {
  recordId: string;
  result: FirehoseResult;
  /** Base64 of the transformed bytes; only Ok records carry data. */
  data?: string;
}

export interface FirehoseTransformationResult {
  records: FirehoseOutputRecord[];
}

/** Minimal shape of the Lambda context a transform uses. */
export interface InvocationContext {
  getRemainingTimeInMillis?: () => number;
  awsRequestId?: string;
}

/**
 * One line of an object Firehose writes under `processing-failed/` or `splunk-failed/` in the
 * S3 backup.
 * @see https://docs.aws.amazon.com/firehose/latest/dev/basic-deliver.html#dd-retry
 */
export interface FirehoseErrorRecord {
  attemptsMade: number;
  arrivalTimestamp: number;
  errorCode: string;
  errorMessage: string;
  attemptEndingTimestamp: number;
  /** Base64 of the record: the source data (processing-failed) or the transformed data (splunk-failed). */
  rawData: string;
  lambdaArn?: string;
  EventId?: string;
}
