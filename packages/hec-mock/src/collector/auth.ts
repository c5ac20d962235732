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
  ack?: boolean;
  disabled?: boolean;
}

export type AuthResult = { ok: true; token: TokenConfig } | { ok: false; status: HecStatus };

/**
 * Authenticates a request as HEC does: `Authorization: Splunk <token>`, HTTP Basic with the
 * token as password, or `?token=` only where the server allows query-string tokens.
 */
export function authenticate(
  authorization: string | undefined,
  queryToken: string | null,
  tokens: ReadonlyMap<string, TokenConfig>,
  allowQueryStringToken: boolean,
): AuthResult {
  let presented: string | undefined;
  if (authorization !== undefined && authorization !== '') {
    const splunk = /^Splunk\s+(\S+)\s*$/i.exec(authorization);
    const basic = /^Basic\s+(\S+)\s*$/i.exec(authorization);
    if (splunk) presented = splunk[1];
    else if (basic) {
      const decoded = Buffer.from(basic[1] as string, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      presented = colon >= 0 ? decoded.slice(colon + 1) : undefined;
    }
    if (presented === undefined || presented === '') return { ok: false, status: HEC.invalidAuthorization };
  } else if (queryToken !== null) {
    if (!allowQueryStringToken) return { ok: false, status: HEC.queryStringAuthDisabled };
    presented = queryToken;
  } else {
    return { ok: false, status: HEC.tokenRequired };
  }
  const token = tokens.get(presented);
  if (!token) return { ok: false, status: HEC.invalidToken };
  if (token.disabled) return { ok: false, status: HEC.tokenDisabled };
  return { ok: true, token };
}
