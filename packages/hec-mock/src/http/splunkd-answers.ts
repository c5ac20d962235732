import type { ServerResponse } from 'node:http';
import { sendJson, sendText } from './respond.js';

/**
 * Answers splunkd gives outside HEC's `{"text","code"}` table, as measured against Splunk
 * Enterprise 10.4.3 and Splunk Cloud 10.5.2605.9 (see the README's fidelity table).
 */

/** The body of splunkd's 404 and of its 405 alike. */
export const NOT_FOUND_BODY = { text: 'The requested URL was not found on this server.', code: 404 } as const;

/** What `Allow` lists on each kind of HEC path (OPTIONS answers it; 405 carries it). */
export const ALLOW_DATA = 'POST,OPTIONS';
export const ALLOW_HEALTH = 'GET,HEAD,OPTIONS';

export function notFound(res: ServerResponse): void {
  sendJson(res, 404, NOT_FOUND_BODY);
}

export function methodNotAllowed(res: ServerResponse, allow: string): void {
  sendJson(res, 405, NOT_FOUND_BODY, { Allow: allow });
}

/** OPTIONS on a HEC path: 200, empty, no token needed (Docker's splunk driver checks its endpoint so). */
export function options(res: ServerResponse, allow: string): void {
  res.writeHead(200, { Allow: allow, 'Content-Type': 'text/plain; charset=UTF-8', 'Content-Length': 0 });
  res.end();
}

/**
 * splunkd answers an over-long body and an unknown Content-Encoding with a generic HTML page,
 * not HEC JSON; the status is measured, the page's wording is the mock's own.
 */
function htmlError(res: ServerResponse, status: number, title: string, message: string): void {
  const page = `<!doctype html><html><head><meta http-equiv="content-type" content="text/html; charset=UTF-8"><title>${status} ${title}</title></head><body><h1>${title}</h1><p>${message}</p></body></html>`;
  res.setHeader('Connection', 'close');
  sendText(res, status, 'text/html; charset=UTF-8', page);
}

export function contentTooLarge(res: ServerResponse, limit: number): void {
  htmlError(res, 413, 'Content-Length of request too large', `The request body is larger than max_content_length (${limit} bytes).`);
}

export function unsupportedEncoding(res: ServerResponse, encoding: string): void {
  htmlError(res, 415, 'Unsupported Media Type', `Content-Encoding "${encoding.slice(0, 64)}" is not supported: send the body as it is, or gzip.`);
}

/** A load balancer's 504 (the shape AWS's load balancers answer with). */
export function gatewayTimeout(res: ServerResponse): void {
  sendText(res, 504, 'text/html', '<html>\r\n<head><title>504 Gateway Time-out</title></head>\r\n<body>\r\n<center><h1>504 Gateway Time-out</h1></center>\r\n</body>\r\n</html>\r\n');
}
