import type { IncomingMessage, ServerResponse } from 'node:http';
import type { BodyBudget } from './body-budget.js';
import { safeStringify } from './safe-json.js';

/** Writes a JSON answer with its length. */
export function sendJson(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  const body = safeStringify(value);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=UTF-8', 'Content-Length': Buffer.byteLength(body), ...headers });
  res.end(body);
}

/** Writes a text answer (HTML, JavaScript) with its length. */
export function sendText(res: ServerResponse, status: number, contentType: string, body: string | Buffer): void {
  res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body), 'Cache-Control': 'no-store' });
  res.end(body);
}

/** What reading a body came to: its bytes, or why it was not read whole. */
export type BodyRead = Buffer | 'too-large' | 'over-budget';

/**
 * Reads a request body up to `limit` bytes, taking its bytes from the shared `budget` as they
 * arrive and giving them back when done, and hands the result to `then`. Past either limit it
 * stops buffering and answers at once; the rest is read and discarded so the answer can go out
 * (`discardRest` ends the connection). A callback, not a promise: it is on every request.
 */
export function readBody(req: IncomingMessage, limit: number, budget: BodyBudget | undefined, then: (result: BodyRead) => void): void {
  const chunks: Buffer[] = [];
  let size = 0;
  let done = false;
  const finish = (result: BodyRead) => {
    if (done) return;
    done = true;
    budget?.give(size);
    chunks.length = 0;
    then(result);
  };
  req.on('data', (chunk: Buffer) => {
    if (done) return;
    if (size + chunk.length > limit) return finish('too-large');
    if (budget && !budget.take(chunk.length)) return finish('over-budget');
    size += chunk.length;
    chunks.push(chunk);
  });
  req.on('end', () => {
    if (done) return;
    const body = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size);
    finish(body);
  });
  req.on('error', () => {
    // The client went away mid-body: there is nobody to answer.
    done = true;
    budget?.give(size);
  });
}

/** readBody as a promise, for the inspection API's few requests. */
export function readBodyAsync(req: IncomingMessage, limit: number): Promise<BodyRead> {
  return new Promise((resolve) => readBody(req, limit, undefined, resolve));
}

/** How long a refused body may keep arriving after the answer went out, before the connection is cut. */
const DISCARD_GRACE_MS = 1_000;

/** After answering a body that was not read whole: keep discarding it briefly, then close the connection. */
export function discardRest(req: IncomingMessage, res: ServerResponse): void {
  req.resume();
  res.once('finish', () => setTimeout(() => req.socket.destroy(), DISCARD_GRACE_MS).unref());
}
