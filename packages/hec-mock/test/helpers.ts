import { randomUUID } from 'node:crypto';

export const TOKEN = '11111111-2222-3333-4444-555555555555';

/** POSTs to the mock and returns status and parsed JSON body. */
export async function post(
  url: string,
  body: string | Buffer,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(url, { method: 'POST', body, headers });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

export const auth = (token = TOKEN) => ({ Authorization: `Splunk ${token}` });
export const newChannel = () => randomUUID();

/** Waits until `check` is true or the time runs out. */
export async function eventually(check: () => Promise<boolean> | boolean, timeoutMs = 3000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('condition not met in time');
}
