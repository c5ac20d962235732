const ENVELOPE = Buffer.byteLength('{"records":[]}');
const DATA_KEY = Buffer.byteLength(',"data":""');
const ENTRY_WITHOUT_RESULT = Buffer.byteLength('{"recordId":"","result":""}');

const FAILED_ENTRY = Buffer.byteLength('{"recordId":"","result":"ProcessingFailed"}');

/**
 * Bytes `recordId` takes as a JSON string's content. Firehose's ids are digits: for printable
 * ASCII without a quote or backslash that is its length, counted without building a string
 * (done for every record, twice).
 */
export function jsonStringBytes(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c > 0x7e || c === 0x22 || c === 0x5c) return Buffer.byteLength(JSON.stringify(text)) - 2;
  }
  return text.length;
}

/** Bytes of the smallest entry a record can have, with the longest result name. */
export function minimalEntryBytes(recordId: string): number {
  return FAILED_ENTRY + jsonStringBytes(recordId);
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
  private readonly records: number;
  /** The records' ids as JSON string contents, in bytes, summed. */
  private readonly idBytes: number;
  /** What the Ok records taken so far add to their minimal entries. */
  private okBytes = 0;

  constructor(budgetBytes: number, recordIds: readonly string[]) {
    this.budgetBytes = budgetBytes;
    this.records = recordIds.length;
    let idBytes = 0;
    for (const id of recordIds) idBytes += jsonStringBytes(id);
    this.idBytes = idBytes;
    this.remaining = budgetBytes - (ENVELOPE + Math.max(0, recordIds.length - 1) + recordIds.length * FAILED_ENTRY + idBytes);
  }

  /**
   * Exact byte length of the response once every record has its result: the Ok ones exactly
   * those tryConsume took, with `resultNameBytes` the length of all results' names summed.
   * What responseBytes() counts, without a second pass over the ids (the differential test
   * holds them equal).
   */
  responseBytes(resultNameBytes: number): number {
    return ENVELOPE + Math.max(0, this.records - 1) + this.records * ENTRY_WITHOUT_RESULT + this.idBytes + resultNameBytes + this.okBytes;
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
    this.okBytes += cost;
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
    bytes += ENTRY_WITHOUT_RESULT + jsonStringBytes(r.recordId) + r.result.length;
    if (r.data !== undefined) bytes += DATA_KEY + r.data.length;
  }
  return bytes;
}
