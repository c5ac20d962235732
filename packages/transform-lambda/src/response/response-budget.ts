const ENVELOPE = Buffer.byteLength('{"records":[]}');
const DATA_KEY = Buffer.byteLength(',"data":""');

/** Bytes of the smallest entry a record can have, with the longest result name. */
export function minimalEntryBytes(recordId: string): number {
  return Buffer.byteLength(`{"recordId":${JSON.stringify(recordId)},"result":"ProcessingFailed"}`);
}

/** Length of the base64 text for `bytes` bytes. */
export function base64Length(bytes: number): number {
  return Math.ceil(bytes / 3) * 4;
}

/**
 * Tracks the serialised size of the Lambda response. Every record's minimal entry is
 * reserved up front, so whatever result a record ends with, the response stays within budget.
 */
export class ResponseBudget {
  private remaining: number;
  private readonly budgetBytes: number;

  constructor(budgetBytes: number, recordIds: readonly string[]) {
    this.budgetBytes = budgetBytes;
    let reserved = ENVELOPE + Math.max(0, recordIds.length - 1);
    for (const id of recordIds) reserved += minimalEntryBytes(id);
    this.remaining = budgetBytes - reserved;
  }

  /** Extra bytes an Ok record with `outputBytes` of data adds to its reserved entry. */
  static okCost(outputBytes: number): number {
    return DATA_KEY + base64Length(outputBytes);
  }

  /** Takes the cost of an Ok record if it fits in what is left; false leaves the budget untouched. */
  tryConsume(outputBytes: number): boolean {
    const cost = ResponseBudget.okCost(outputBytes);
    if (cost > this.remaining) return false;
    this.remaining -= cost;
    return true;
  }

  /** True when a record's output would fit in a response that held that record alone. */
  fitsAlone(recordId: string, outputBytes: number): boolean {
    return ENVELOPE + minimalEntryBytes(recordId) + ResponseBudget.okCost(outputBytes) <= this.budgetBytes;
  }
}

/** Exact byte length of `JSON.stringify({records})`, computed without building the string. */
export function responseBytes(records: ReadonlyArray<{ recordId: string; result: string; data?: string }>): number {
  let bytes = ENVELOPE + Math.max(0, records.length - 1);
  for (const r of records) {
    bytes += Buffer.byteLength(`{"recordId":${JSON.stringify(r.recordId)},"result":"${r.result}"}`);
    if (r.data !== undefined) bytes += DATA_KEY + r.data.length;
  }
  return bytes;
}
