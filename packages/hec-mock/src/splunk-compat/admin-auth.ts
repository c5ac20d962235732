import { randomBytes, timingSafeEqual } from 'node:crypto';

/** The one user the management API knows, as in the splunk/splunk image. */
export const ADMIN_USER = 'admin';

/**
 * What splunkd answers a management call without valid credentials: 401, a WWW-Authenticate
 * challenge, and this message.
 */
export const NOT_AUTHENTICATED = { type: 'WARN', text: 'call not properly authenticated' } as const;
export const AUTH_CHALLENGE = { 'WWW-Authenticate': 'Basic realm="/splunk"' } as const;
/** What `auth/login` answers a wrong user name or password. */
export const LOGIN_FAILED = { type: 'WARN', code: 'incorrect_username_or_password', text: 'Login failed' } as const;

const sameText = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/**
 * Management-port authentication as splunkd does it for the admin user: HTTP Basic with
 * `admin:<password>`, or a session key from `auth/login` as `Authorization: Splunk <key>`
 * (or `Bearer <key>`).
 * @see https://docs.splunk.com/Documentation/Splunk/latest/RESTUM/RESTusing#Authentication_and_authorization
 */
export class AdminAuth {
  private readonly sessions = new Set<string>();

  constructor(private readonly password: string) {}

  /** A new session key for the right user name and password, or undefined. */
  login(username: string | null, password: string | null): string | undefined {
    if (username !== ADMIN_USER || password === null || !sameText(password, this.password)) return undefined;
    const key = randomBytes(36).toString('base64url');
    this.sessions.add(key);
    return key;
  }

  /** Whether an Authorization header carries the admin's password or a live session key. */
  authenticates(authorization: string | undefined): boolean {
    if (authorization === undefined) return false;
    const basic = /^Basic\s+(\S+)\s*$/i.exec(authorization);
    if (basic) {
      const decoded = Buffer.from(basic[1] as string, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      return colon > 0 && decoded.slice(0, colon) === ADMIN_USER && sameText(decoded.slice(colon + 1), this.password);
    }
    const session = /^(?:Splunk|Bearer)\s+(\S+)\s*$/i.exec(authorization);
    return session !== null && this.sessions.has(session[1] as string);
  }
}
