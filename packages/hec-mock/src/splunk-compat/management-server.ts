import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { discardRest, readBody } from '../http/respond.js';
import { RequestTarget } from '../http/request-target.js';
import { findManagementRoute, notAuthenticated, pathBelowNamespace, unknownEndpoint, type ManagementCall, type ManagementContext } from './management-api.js';
import { outputMode, sendMessages } from './rest-answers.js';

/** Management calls are small forms; a larger body is refused before it is held. */
export const MAX_MANAGEMENT_BODY_BYTES = 1024 * 1024;

/** The form of a POST (`application/x-www-form-urlencoded`, what curl -d and the SDKs send) over the query's parameters. */
function parameters(url: RequestTarget, req: IncomingMessage, body: Buffer): URLSearchParams {
  const params = new URLSearchParams(url.searchParams);
  const type = req.headers['content-type'] ?? 'application/x-www-form-urlencoded';
  if (body.length > 0 && type.startsWith('application/x-www-form-urlencoded')) {
    for (const [key, value] of new URLSearchParams(body.toString('utf8'))) params.set(key, value);
  }
  return params;
}

/**
 * The management port (splunkd's 8089) over HTTPS: every call read whole, its parameters
 * merged, credentials checked before the path is looked up (an unknown path without
 * credentials is 401, as on splunkd), then the route. `/__mock/*` goes to the HEC mock's
 * inspection API, so it stays reachable while HEC is switched off.
 */
export async function listenManagement(
  m: ManagementContext,
  options: { port: number; host: string; tls: { cert: string | Buffer; key: string | Buffer }; inspection: (req: IncomingMessage, res: ServerResponse) => void },
): Promise<{ server: Server; port: number }> {
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const url = new RequestTarget(req.url ?? '/');
    if (url.pathname.startsWith('/__mock/')) return options.inspection(req, res);
    readBody(req, MAX_MANAGEMENT_BODY_BYTES, undefined, (body) => {
      if (!Buffer.isBuffer(body)) {
        discardRest(req, res);
        return sendMessages(res, 413, outputMode(url), [{ type: 'ERROR', text: `The request body is larger than ${MAX_MANAGEMENT_BODY_BYTES} bytes.` }]);
      }
      const params = parameters(url, req, body);
      const mode = outputMode(url, params);
      const path = pathBelowNamespace(url.pathname);
      const found = path === undefined ? undefined : findManagementRoute(req.method ?? 'GET', path);
      const call: ManagementCall = { req, res, url, params, mode, match: found?.match ?? [] };
      if ((found === undefined || found.route.authenticated) && !m.auth.authenticates(req.headers.authorization)) return notAuthenticated(call);
      if (found === undefined) return unknownEndpoint(call);
      Promise.resolve()
        .then(() => found.route.handle(m, call))
        .catch((error: unknown) => {
          if (res.headersSent) return void res.destroy(error as Error);
          sendMessages(res, 500, mode, [{ type: 'ERROR', text: `hec-mock failed to answer ${req.method} ${url.pathname}: ${(error as Error).message}` }]);
        });
    });
  };
  const server = createServer({ cert: options.tls.cert, key: options.tls.key }, handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return { server, port: (server.address() as AddressInfo).port };
}
