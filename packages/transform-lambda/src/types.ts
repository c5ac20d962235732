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

/** One log event inside a CloudWatch Logs subscription payload. */
export interface CloudWatchLogEvent {
  id: string;
  timestamp: number;
  message: string;
  [extra: string]: unknown;
}

/** A decompressed CloudWatch Logs subscription payload (DATA_MESSAGE). */
export interface CloudWatchLogsDataMessage {
  messageType: 'DATA_MESSAGE';
  owner: string;
  logGroup: string;
  logStream: string;
  subscriptionFilters: string[];
  logEvents: CloudWatchLogEvent[];
  [extra: string]: unknown;
}

/** The control message CloudWatch Logs sends to check that the destination is reachable. */
export interface CloudWatchLogsControlMessage {
  messageType: 'CONTROL_MESSAGE';
  [extra: string]: unknown;
}

export type CloudWatchLogsPayload = CloudWatchLogsDataMessage | CloudWatchLogsControlMessage;

/** Minimal shape of the Lambda context this function uses. */
export interface InvocationContext {
  getRemainingTimeInMillis?: () => number;
  awsRequestId?: string;
}
