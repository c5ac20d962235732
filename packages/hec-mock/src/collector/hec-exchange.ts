import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestFaults } from '../chaos/faults.js';
import { gatewayTimeout } from '../http/splunkd-answers.js';
import type { RequestTarget } from '../http/request-target.js';
import { sendJson } from '../http/respond.js';
import type { MockContext } from '../mock-context.js';
import { bump } from '../store/event-store.js';
import { responseBody, type HecStatus } from './hec-status.js';

/** One request to a HEC endpoint and how it is to be answered. */
export class HecExchange {
  constructor(
    readonly ctx: MockContext,
    readonly req: IncomingMessage,
    readonly res: ServerResponse,
    readonly url: RequestTarget,
    readonly faults: RequestFaults,
  ) {}

  /**
   * Answers with a HEC status, counted by its code. Behind a load balancer that timed out
   * (the `gateway-timeout` fault), HEC's answer is replaced by the load balancer's 504: the
   * work was done, the client cannot know it.
   */
  answer(status: HecStatus, extra: Parameters<typeof responseBody>[1] = {}): void {
    this.answerJson(status.httpStatus, String(status.code), responseBody(status, extra));
  }

  /** Answers with a JSON body of its own (ack queries), counted under `code`. */
  answerJson(httpStatus: number, code: string, body: unknown): void {
    if (this.faults.front === 'gateway-timeout') {
      bump(this.ctx.store.counters.responsesByCode, '504');
      gatewayTimeout(this.res);
      return;
    }
    bump(this.ctx.store.counters.responsesByCode, code);
    sendJson(this.res, httpStatus, body);
  }
}
