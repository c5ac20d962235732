/** Everything one invocation did, logged once and published as metrics. */
export interface InvocationSummary {
  invocationId: string;
  source: 'DirectPut' | 'KinesisStream';
  recordsIn: number;
  ok: number;
  dropped: number;
  failed: number;
  controlMessages: number;
  /** Flow log records delivered straight to Firehose (no CloudWatch Logs batch around them). */
  directFlowLogRecords: number;
  /** Records whose every event was removed by a filter (or was blank), answered Dropped. */
  emptyAfterFilter: number;
  eventsIn: number;
  eventsOut: number;
  filteredEvents: number;
  blankEvents: number;
  unparsedFlowLogLines: number;
  /** Records whose own output was over the budget and were split into parts. */
  splitRecords: number;
  splitParts: number;
  /** Records put back whole because the response budget was spent. */
  deferredRecords: number;
  /** Entries accepted by PutRecordBatch / PutRecords. */
  reingestedEntries: number;
  reingestCalls: number;
  reingestFailedRecords: number;
  failuresByReason: Record<string, number>;
  bytesIn: number;
  bytesDecompressed: number;
  bytesOut: number;
  responseBytes: number;
  durationMs: number;
}

/** A summary with every counter at zero. */
export function emptySummary(invocationId: string, source: InvocationSummary['source']): InvocationSummary {
  return {
    invocationId,
    source,
    recordsIn: 0,
    ok: 0,
    dropped: 0,
    failed: 0,
    controlMessages: 0,
    directFlowLogRecords: 0,
    emptyAfterFilter: 0,
    eventsIn: 0,
    eventsOut: 0,
    filteredEvents: 0,
    blankEvents: 0,
    unparsedFlowLogLines: 0,
    splitRecords: 0,
    splitParts: 0,
    deferredRecords: 0,
    reingestedEntries: 0,
    reingestCalls: 0,
    reingestFailedRecords: 0,
    failuresByReason: {},
    bytesIn: 0,
    bytesDecompressed: 0,
    bytesOut: 0,
    responseBytes: 0,
    durationMs: 0,
  };
}
