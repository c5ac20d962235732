import { sleep } from '@firehose-splunk/internal';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

/** How long one health request may take. */
const REQUEST_TIMEOUT_MS = 2_000;
/** Pause between tries while `waitMs` lasts. */
const RETRY_PAUSE_MS = 200;

/** One GET of the health endpoint: true for HEC's "healthy" answer (200, code 17). */
function healthy(base: string, insecure: boolean): Promise<string | true> {
  const url = new URL('/services/collector/health', base);
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve) => {
    const req = request(url, { timeout: REQUEST_TIMEOUT_MS, ...(insecure ? { rejectUnauthorized: false } : {}) }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => {
        const code = (() => {
          try {
            return (JSON.parse(body) as { code?: number }).code;
          } catch {
            return undefined;
          }
        })();
        resolve(res.statusCode === 200 && code === 17 ? true : `${url} answered ${res.statusCode}: ${body.slice(0, 200)}`);
      });
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${REQUEST_TIMEOUT_MS} ms`)));
    req.on('error', (error) => resolve(`${url} failed: ${error.message}`));
    req.end();
  });
}

/** Asks until healthy or `waitMs` has passed; says why when it answers false. */
export async function healthcheck(base: string, options: { waitMs: number; insecure: boolean; log: (line: string) => void }): Promise<boolean> {
  const deadline = Date.now() + options.waitMs;
  for (;;) {
    const answer = await healthy(base, options.insecure);
    if (answer === true) return true;
    if (Date.now() >= deadline) {
      options.log(`hec-mock healthcheck: unhealthy: ${answer}`);
      return false;
    }
    await sleep(RETRY_PAUSE_MS);
  }
}
