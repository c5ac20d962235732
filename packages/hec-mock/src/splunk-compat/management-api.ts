import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TokenConfig } from '../collector/auth.js';
import type { RequestTarget } from '../http/request-target.js';
import type { StoredEvent } from '../store/event-store.js';
import { AUTH_CHALLENGE, LOGIN_FAILED, NOT_AUTHENTICATED, type AdminAuth } from './admin-auth.js';
import { InputError, tokenNameFromPath, type HecInputs } from './hec-inputs.js';
import { sendFeed, sendMessages, sendResponse, type FeedEntry, type OutputMode } from './rest-answers.js';
import { resultsFormat, sendExport, sendPage, type ResultsFormat } from './search-results.js';
import { executeSearch, SearchJobs, SearchRequestError } from './search-jobs.js';

/** What the management API works with: one per `--splunk-compat` mock. */
export interface ManagementContext {
  auth: AdminAuth;
  inputs: HecInputs;
  jobs: SearchJobs;
  events(): StoredEvent[];
  /** HEC's global switch (data/inputs/http/http): off closes the HEC port. */
  hecEnabled(): boolean;
  setHecEnabled(enabled: boolean): Promise<void>;
  hecPort: number;
  /** https://host:port of the management port, as ids and origins are written. */
  base: string;
  serverName: string;
  version: string;
  build: string;
  /** Epoch milliseconds (tests inject a clock). */
  now(): number;
}

/** One call: the parsed request, its parameters (query and form together), and how to answer. */
export interface ManagementCall {
  req: IncomingMessage;
  res: ServerResponse;
  url: RequestTarget;
  params: URLSearchParams;
  mode: OutputMode;
  /** The matched groups of the route's path. */
  match: string[];
}

type Handler = (m: ManagementContext, call: ManagementCall) => Promise<void> | void;

/** One route: methods, a path below `/services/` or `/servicesNS/<user>/<app>/`, and whether it needs credentials. */
export interface ManagementRoute {
  methods: readonly string[];
  path: RegExp;
  authenticated: boolean;
  handle: Handler;
}

const HTTP_INPUTS = '/servicesNS/nobody/splunk_httpinput/data/inputs/http';

function tokenEntry(m: ManagementContext, config: TokenConfig): FeedEntry {
  return {
    name: `http://${config.name}`,
    path: `${HTTP_INPUTS}/${encodeURIComponent(`http://${config.name}`)}`,
    content: m.inputs.content(config),
    actions: ['edit', 'remove', config.disabled ? 'enable' : 'disable'],
    app: 'splunk_httpinput',
  };
}

function globalEntry(m: ManagementContext): FeedEntry {
  return {
    name: 'http',
    path: `${HTTP_INPUTS}/http`,
    content: { disabled: !m.hecEnabled(), enableSSL: true, port: m.hecPort, dedicatedIoThreads: 2, maxSockets: 0, maxThreads: 0, useDeploymentServer: false, index: 'default', host: m.serverName },
    actions: ['edit', m.hecEnabled() ? 'disable' : 'enable'],
    app: 'splunk_httpinput',
  };
}

const feed = (m: ManagementContext, title: string, path: string, entries: FeedEntry[]) => ({ title, path, entries, base: m.base, version: m.version, build: m.build });
const sendTokens = (m: ManagementContext, call: ManagementCall, status: number, entries: FeedEntry[]) => sendFeed(call.res, status, call.mode, feed(m, 'http', HTTP_INPUTS, entries), new Date(m.now()));

/** Runs a handler step, answering an InputError or SearchRequestError as splunkd would. */
function answering(step: Handler): Handler {
  return async (m, call) => {
    try {
      await step(m, call);
    } catch (error) {
      if (error instanceof InputError || error instanceof SearchRequestError) {
        return sendMessages(call.res, error.status, call.mode, [{ type: error instanceof SearchRequestError && error.status === 400 ? 'FATAL' : 'ERROR', text: error.message }]);
      }
      throw error;
    }
  };
}

function format(call: ManagementCall): ResultsFormat {
  const f = resultsFormat(call.params.get('output_mode'));
  if (f === undefined) throw new SearchRequestError(400, `Invalid output_mode "${call.params.get('output_mode')}": use json, xml or csv.`);
  return f;
}

/** `count` and `offset` of a job's results (count 0 is all, splunkd's default 100). */
function page<T>(items: readonly T[], params: URLSearchParams): { items: T[]; offset: number } {
  const offset = Math.max(0, Number(params.get('offset') ?? 0) || 0);
  const count = Number(params.get('count') ?? 100);
  return { items: items.slice(offset, count > 0 ? offset + count : undefined), offset };
}

const setGlobal = (enabled: boolean): Handler =>
  answering(async (m, call) => {
    await m.setHecEnabled(enabled);
    sendTokens(m, call, 200, [globalEntry(m)]);
  });

const setToken = (disabled: boolean): Handler =>
  answering((m, call) => sendTokens(m, call, 200, [tokenEntry(m, m.inputs.setDisabled(tokenNameFromPath(call.match[0] as string), disabled))]));

/**
 * The management paths a CI suite calls, in one place. Paths are matched below the namespace
 * prefix; `(?:v2/)?` accepts the v2 search endpoints beside the originals.
 * @see https://docs.splunk.com/Documentation/Splunk/latest/RESTREF/RESTinput#data.2Finputs.2Fhttp
 * @see https://docs.splunk.com/Documentation/Splunk/latest/RESTREF/RESTsearch
 * @see https://docs.splunk.com/Documentation/Splunk/latest/RESTREF/RESTaccess#auth.2Flogin
 * @see https://docs.splunk.com/Documentation/Splunk/latest/RESTREF/RESTintrospect#server.2Finfo
 */
export const MANAGEMENT_ROUTES: readonly ManagementRoute[] = [
  {
    methods: ['POST'],
    path: /^auth\/login$/,
    authenticated: false,
    handle: (m, call) => {
      const key = m.auth.login(call.params.get('username'), call.params.get('password'));
      if (key === undefined) return sendMessages(call.res, 401, call.mode, [LOGIN_FAILED]);
      sendResponse(call.res, 200, call.mode, { sessionKey: key });
    },
  },
  {
    methods: ['GET'],
    path: /^server\/info$/,
    authenticated: true,
    handle: (m, call) =>
      sendFeed(
        call.res,
        200,
        call.mode,
        feed(m, 'server-info', '/services/server/info', [
          {
            name: 'server-info',
            path: '/services/server/info/server-info',
            author: 'system',
            app: 'system',
            content: {
              version: m.version,
              build: m.build,
              serverName: m.serverName,
              host: m.serverName,
              product_type: 'enterprise',
              os_name: 'Linux',
              guid: '00000000-0000-0000-0000-0000000000ec',
              isFree: false,
              isTrial: false,
              licenseState: 'OK',
              mode: 'normal',
              health_info: 'green',
              kvStoreStatus: 'ready',
              server_roles: ['indexer', 'license_manager', 'kv_store'],
              startup_time: Math.floor(m.now() / 1000),
              hec_mock: true,
            },
          },
        ]),
        new Date(m.now()),
      ),
  },
  { methods: ['GET'], path: /^data\/inputs\/http$/, authenticated: true, handle: (m, call) => sendTokens(m, call, 200, m.inputs.list().map((t) => tokenEntry(m, t))) },
  { methods: ['POST'], path: /^data\/inputs\/http$/, authenticated: true, handle: answering((m, call) => sendTokens(m, call, 201, [tokenEntry(m, m.inputs.create(call.params))])) },
  { methods: ['GET'], path: /^data\/inputs\/http\/http$/, authenticated: true, handle: (m, call) => sendTokens(m, call, 200, [globalEntry(m)]) },
  {
    methods: ['POST'],
    path: /^data\/inputs\/http\/http$/,
    authenticated: true,
    handle: answering(async (m, call) => {
      const disabled = call.params.get('disabled');
      if (disabled !== null) await m.setHecEnabled(!/^(1|true|t|yes|y)$/i.test(disabled));
      sendTokens(m, call, 200, [globalEntry(m)]);
    }),
  },
  { methods: ['POST'], path: /^data\/inputs\/http\/http\/enable$/, authenticated: true, handle: setGlobal(true) },
  { methods: ['POST'], path: /^data\/inputs\/http\/http\/disable$/, authenticated: true, handle: setGlobal(false) },
  { methods: ['GET'], path: /^data\/inputs\/http\/([^/]+)$/, authenticated: true, handle: answering((m, call) => sendTokens(m, call, 200, [tokenEntry(m, m.inputs.get(tokenNameFromPath(call.match[0] as string)))])) },
  {
    methods: ['POST'],
    path: /^data\/inputs\/http\/([^/]+)$/,
    authenticated: true,
    handle: answering((m, call) => sendTokens(m, call, 200, [tokenEntry(m, m.inputs.edit(tokenNameFromPath(call.match[0] as string), call.params))])),
  },
  {
    methods: ['DELETE'],
    path: /^data\/inputs\/http\/([^/]+)$/,
    authenticated: true,
    // splunkd answers a delete with what is left of the collection.
    handle: answering((m, call) => {
      m.inputs.remove(tokenNameFromPath(call.match[0] as string));
      sendTokens(m, call, 200, m.inputs.list().map((t) => tokenEntry(m, t)));
    }),
  },
  { methods: ['POST'], path: /^data\/inputs\/http\/([^/]+)\/enable$/, authenticated: true, handle: setToken(false) },
  { methods: ['POST'], path: /^data\/inputs\/http\/([^/]+)\/disable$/, authenticated: true, handle: setToken(true) },
  {
    methods: ['GET', 'POST'],
    path: /^search\/(?:v2\/)?jobs\/export$/,
    authenticated: true,
    handle: answering((m, call) => {
      const f = format(call);
      sendExport(call.res, f, executeSearch(call.params, m.events(), m.serverName, m.now() / 1000).results);
    }),
  },
  {
    methods: ['POST'],
    path: /^search\/(?:v2\/)?jobs$/,
    authenticated: true,
    handle: answering((m, call) => {
      const execMode = call.params.get('exec_mode') ?? 'normal';
      if (!['normal', 'blocking', 'oneshot'].includes(execMode)) throw new SearchRequestError(400, `Invalid exec_mode "${execMode}": use normal, blocking or oneshot.`);
      const f = execMode === 'oneshot' ? format(call) : 'json';
      const { results, eventCount } = executeSearch(call.params, m.events(), m.serverName, m.now() / 1000);
      if (execMode === 'oneshot') {
        const { items, offset } = page(results, call.params);
        return sendPage(call.res, f, items, offset);
      }
      const job = m.jobs.add(call.params.get('search') as string, results, eventCount, m.now());
      sendResponse(call.res, 201, call.mode, { sid: job.sid });
    }),
  },
  {
    methods: ['GET'],
    path: /^search\/(?:v2\/)?jobs$/,
    authenticated: true,
    handle: (m, call) => sendFeed(call.res, 200, call.mode, feed(m, 'jobs', '/services/search/jobs', m.jobs.list().map((job) => ({ name: job.search, path: `/services/search/jobs/${job.sid}`, author: 'admin', content: SearchJobs.content(job), actions: ['remove'] }))), new Date(m.now())),
  },
  {
    methods: ['GET'],
    path: /^search\/(?:v2\/)?jobs\/([^/]+)$/,
    authenticated: true,
    handle: answering((m, call) => {
      const job = m.jobs.get(call.match[0] as string);
      sendFeed(call.res, 200, call.mode, feed(m, 'jobs', '/services/search/jobs', [{ name: job.search, path: `/services/search/jobs/${job.sid}`, author: 'admin', content: SearchJobs.content(job), actions: ['remove'] }]), new Date(m.now()));
    }),
  },
  {
    methods: ['DELETE'],
    path: /^search\/(?:v2\/)?jobs\/([^/]+)$/,
    authenticated: true,
    handle: answering((m, call) => {
      m.jobs.remove(call.match[0] as string);
      sendMessages(call.res, 200, call.mode, [{ type: 'INFO', text: 'Search job cancelled.' }]);
    }),
  },
  {
    methods: ['GET'],
    path: /^search\/(?:v2\/)?jobs\/([^/]+)\/(?:results|events|results_preview)$/,
    authenticated: true,
    handle: answering((m, call) => {
      const f = format(call);
      const { items, offset } = page(m.jobs.get(call.match[0] as string).results, call.params);
      sendPage(call.res, f, items, offset);
    }),
  },
];

/** The route for a method and a path below the namespace, with the path's groups. */
export function findManagementRoute(method: string, path: string): { route: ManagementRoute; match: string[] } | undefined {
  for (const route of MANAGEMENT_ROUTES) {
    if (!route.methods.includes(method)) continue;
    const match = route.path.exec(path);
    if (match) return { route, match: match.slice(1) };
  }
  return undefined;
}

/** `/services/<path>` or `/servicesNS/<user>/<app>/<path>` to `<path>`; anything else undefined. */
export function pathBelowNamespace(pathname: string): string | undefined {
  const m = /^\/(?:services|servicesNS\/[^/]+\/[^/]+)\/(.*?)\/*$/.exec(pathname);
  return m ? (m[1] as string) : undefined;
}

/** What splunkd answers a call without valid credentials. */
export function notAuthenticated(call: Pick<ManagementCall, 'res' | 'mode'>): void {
  sendMessages(call.res, 401, call.mode, [NOT_AUTHENTICATED], AUTH_CHALLENGE);
}

/** What splunkd answers an endpoint it does not have. */
export function unknownEndpoint(call: Pick<ManagementCall, 'res' | 'mode'>): void {
  sendMessages(call.res, 404, call.mode, [{ type: 'ERROR', text: 'Not Found' }]);
}
