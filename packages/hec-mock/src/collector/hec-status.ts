/** One row of HEC's documented status table. */
export interface HecStatus {
  code: number;
  httpStatus: number;
  text: string;
}

/** HEC's status codes, as Splunk documents them ("Troubleshoot HTTP Event Collector"). */
export const HEC = {
  success: { code: 0, httpStatus: 200, text: 'Success' },
  tokenDisabled: { code: 1, httpStatus: 403, text: 'Token disabled' },
  tokenRequired: { code: 2, httpStatus: 401, text: 'Token is required' },
  invalidAuthorization: { code: 3, httpStatus: 401, text: 'Invalid authorization' },
  invalidToken: { code: 4, httpStatus: 403, text: 'Invalid token' },
  noData: { code: 5, httpStatus: 400, text: 'No data' },
  invalidDataFormat: { code: 6, httpStatus: 400, text: 'Invalid data format' },
  incorrectIndex: { code: 7, httpStatus: 400, text: 'Incorrect index' },
  internalError: { code: 8, httpStatus: 500, text: 'Internal server error' },
  serverBusy: { code: 9, httpStatus: 503, text: 'Server is busy' },
  channelMissing: { code: 10, httpStatus: 400, text: 'Data channel is missing' },
  invalidChannel: { code: 11, httpStatus: 400, text: 'Invalid data channel' },
  eventRequired: { code: 12, httpStatus: 400, text: 'Event field is required' },
  eventBlank: { code: 13, httpStatus: 400, text: 'Event field cannot be blank' },
  ackDisabled: { code: 14, httpStatus: 400, text: 'ACK is disabled' },
  indexedFieldsError: { code: 15, httpStatus: 400, text: 'Error in handling indexed fields' },
  queryStringAuthDisabled: { code: 16, httpStatus: 400, text: 'Query string authorization is not enabled' },
  healthy: { code: 17, httpStatus: 200, text: 'HEC is healthy' },
  unhealthyQueuesFull: { code: 18, httpStatus: 503, text: 'HEC is unhealthy, queues are full' },
  shuttingDown: { code: 23, httpStatus: 503, text: 'Server is shutting down' },
  /**
   * Splunk Cloud's answer to a request without a channel on a token with acks, where
   * Enterprise answers code 10 (measured on Splunk Cloud 10.5.2605.9).
   */
  cloudChannelMissing: {
    code: 28,
    httpStatus: 400,
    text: 'Data channel is missing. If you have multiple indexers, sticky session load balancers must be provisioned and client requests must be routed accordingly.',
  },
} as const satisfies Record<string, HecStatus>;

/** The JSON body HEC answers with. */
export interface HecResponseBody {
  text: string;
  code: number;
  'invalid-event-number'?: number;
  ackId?: number;
}

/** A status plus the extras HEC adds (the failing event's number, the ackId). */
export function responseBody(status: HecStatus, extra: { invalidEventNumber?: number; ackId?: number } = {}): HecResponseBody {
  const body: HecResponseBody = { text: status.text, code: status.code };
  if (extra.invalidEventNumber !== undefined) body['invalid-event-number'] = extra.invalidEventNumber;
  if (extra.ackId !== undefined) body.ackId = extra.ackId;
  return body;
}
