export type {
  FirehoseInputRecord,
  FirehoseTransformationEvent,
  FirehoseResult,
  FirehoseOutputRecord,
  FirehoseTransformationResult,
  InvocationContext,
} from '@firehose-splunk/internal';

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
