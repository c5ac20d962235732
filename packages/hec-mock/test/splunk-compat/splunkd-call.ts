import { request } from 'node:https';

export const PASSWORD = 'changed!';
export const basic = (user = 'admin', password = PASSWORD) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json<T = Record<string, any>>(): T;
}

/**
 * One call as curl -k makes it: HTTPS without verifying the chain, a form body for POST.
 * `tls` replaces the default (for strict-TLS tests).
 */
export function call(method: string, url: string, options: { auth?: string; form?: Record<string, string>; body?: string; headers?: Record<string, string>; tls?: Record<string, unknown> } = {}): Promise<Answer> {
  const body = options.form ? new URLSearchParams(options.form).toString() : options.body;
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method,
        // A new connection per call, as curl makes it (Node 20's global agent keeps sockets alive).
        agent: false,
        ...(options.tls ?? { rejectUnauthorized: false }),
        headers: {
          ...(options.auth ? { Authorization: options.auth } : {}),
          ...(options.form ? { 'Content-Type': 'application/x-www-form-urlencoded' } : {}),
          ...options.headers,
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode as number, headers: res.headers, text, json: () => JSON.parse(text) }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
