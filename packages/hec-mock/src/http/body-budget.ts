/**
 * The bytes of request bodies held in memory at once, across all requests. Splunk's own
 * per-request cap is 800 MiB; a mock that honoured only that would let one endless chunked
 * body, or a few large ones, take all of a CI runner's memory. Past this budget the request
 * being read is refused as Splunk refuses work when its queues are full (503, code 9).
 */
export class BodyBudget {
  private held = 0;

  constructor(readonly limit: number) {}

  take(bytes: number): boolean {
    if (this.held + bytes > this.limit) return false;
    this.held += bytes;
    return true;
  }

  give(bytes: number): void {
    this.held -= bytes;
  }

  get bytesHeld(): number {
    return this.held;
  }
}
