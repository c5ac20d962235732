import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

/** How long the shutdown request may take. */
const REQUEST_TIMEOUT_MS = 5_000;

/**
 * Asks a running mock to stop (`POST /__mock/shutdown`): true once it accepted (202), else why
 * not. node:http(s) rather than fetch, so `insecure` can accept the self-signed chain of
 * `--splunk-compat`.
 */
export function requestShutdown(base: string, options: { insecure: boolean; inspectToken?: string }): Promise<true | string> {
  const url = new URL('/__mock/shutdown', base);
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve) => {
    const req = request(
      url,
      { method: 'POST', timeout: REQUEST_TIMEOUT_MS, ...(options.insecure ? { rejectUnauthorized: false } : {}), ...(options.inspectToken ? { headers: { 'X-HEC-Mock-Token': options.inspectToken } } : {}) },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve(res.statusCode === 202 ? true : `answered ${res.statusCode}: ${body.slice(0, 200)}`));
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${REQUEST_TIMEOUT_MS} ms`)));
    req.on('error', (error) => resolve(error.message));
    req.end();
  });
}
