import { HEC, type HecStatus } from './hec-status.js';

/** A HEC token and what it allows. */
export interface TokenConfig {
  token: string;
  /** Shown as the default source, `http:<name>`. */
  name?: string;
  /** Indexes the token may write to; empty or unset allows any. */
  allowedIndexes?: string[];
  defaultIndex?: string;
  defaultSourcetype?: string;
  /** The source of events that name none (default `http:<name>`). */
  defaultSource?: string;
  /** The host of events that name none (default the client's address). */
  defaultHost?: string;
  ack?: boolean;
  disabled?: boolean;
}

export type AuthResult = { ok: true; token: TokenConfig } | { ok: false; status: HecStatus };

function lookUp(presented: string, tokens: ReadonlyMap<string, TokenConfig>): AuthResult {
  const token = tokens.get(presented);
  if (!token) return { ok: false, status: HEC.invalidToken };
  if (token.disabled) return { ok: false, status: HEC.tokenDisabled };
  return { ok: true, token };
}

/**
 * Authenticates a request as splunkd does (measured on Splunk Enterprise 10.4.2 and 10.4.3):
 * a `?token=` is read first whenever it is there, even beside a valid Authorization header,
 * and it is validated before query-string authorization is checked: an unknown one is code 4,
 * a known one is code 16 unless the server allows query-string tokens. Otherwise the header:
 * `Splunk <token>`, or HTTP Basic with the token as the password; any other scheme (Bearer
 * included) is code 3, none at all code 2.
 */
export function authenticate(
  authorization: string | undefined,
  queryToken: string | null,
  tokens: ReadonlyMap<string, TokenConfig>,
  allowQueryStringToken: boolean,
): AuthResult {
  if (queryToken !== null) {
    const result = lookUp(queryToken, tokens);
    if (result.ok && !allowQueryStringToken) return { ok: false, status: HEC.queryStringAuthDisabled };
    return result;
  }
  if (authorization === undefined || authorization.trim() === '') return { ok: false, status: HEC.tokenRequired };
  let presented: string | undefined;
  const splunk = /^Splunk\s+(\S+)\s*$/i.exec(authorization);
  const basic = /^Basic\s+(\S+)\s*$/i.exec(authorization);
  if (splunk) presented = splunk[1];
  else if (basic) {
    const decoded = Buffer.from(basic[1] as string, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    presented = colon >= 0 ? decoded.slice(colon + 1) : undefined;
  }
  if (presented === undefined || presented === '') return { ok: false, status: HEC.invalidAuthorization };
  return lookUp(presented, tokens);
}
