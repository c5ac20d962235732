import type { IncomingMessage, ServerResponse } from 'node:http';
import { handleCollector, type CollectorEndpoint } from './collector/collector.js';
import * as inspection from './inspection/inspection-api.js';
import type { RequestTarget } from './http/request-target.js';
import type { MockContext } from './mock-context.js';

export type RouteHandler = (ctx: MockContext, req: IncomingMessage, res: ServerResponse, url: RequestTarget, params: string[]) => Promise<void> | void;

/** One route: the methods it answers, its path, and its handler. */
export interface Route {
  area: 'collector' | 'inspection';
  methods: readonly string[];
  path: string | RegExp;
  handle: RouteHandler;
}

/** What splunkd allows on each HEC path: OPTIONS answers it, a 405 carries it. */
const DATA = ['POST'];
const HEALTH = ['GET', 'HEAD'];

const collector =
  (endpoint: CollectorEndpoint): RouteHandler =>
  (ctx, req, res, url) =>
    handleCollector(ctx, endpoint, req, res, url);

/**
 * Every route the mock answers, in one place. The collector paths are Splunk's; the
 * inspection paths (`/__mock/*`) are the mock's own, for tests and the web view.
 */
export const ROUTES: readonly Route[] = [
  { area: 'collector', methods: DATA, path: '/services/collector', handle: collector('event') },
  { area: 'collector', methods: DATA, path: '/services/collector/event', handle: collector('event') },
  { area: 'collector', methods: DATA, path: '/services/collector/event/1.0', handle: collector('event') },
  { area: 'collector', methods: DATA, path: '/services/collector/raw', handle: collector('raw') },
  { area: 'collector', methods: DATA, path: '/services/collector/raw/1.0', handle: collector('raw') },
  { area: 'collector', methods: DATA, path: '/services/collector/ack', handle: collector('ack') },
  { area: 'collector', methods: DATA, path: '/services/collector/ack/1.0', handle: collector('ack') },
  { area: 'collector', methods: HEALTH, path: '/services/collector/health', handle: collector('health') },
  { area: 'collector', methods: HEALTH, path: '/services/collector/health/1.0', handle: collector('health') },

  { area: 'inspection', methods: ['GET'], path: '/__mock/events', handle: inspection.listEvents },
  { area: 'inspection', methods: ['GET'], path: /^\/__mock\/events\/(\d+)$/, handle: inspection.oneEvent },
  { area: 'inspection', methods: ['GET'], path: '/__mock/counts', handle: inspection.counts },
  { area: 'inspection', methods: ['GET'], path: '/__mock/channels', handle: inspection.channels },
  { area: 'inspection', methods: ['POST'], path: '/__mock/reset', handle: inspection.reset },
  { area: 'inspection', methods: ['GET'], path: '/__mock/faults', handle: inspection.getFaults },
  { area: 'inspection', methods: ['POST', 'PUT'], path: '/__mock/faults', handle: inspection.setFaults },
  { area: 'inspection', methods: ['POST'], path: '/__mock/shutdown', handle: inspection.shutdown },
  { area: 'inspection', methods: ['GET'], path: '/__mock/stream', handle: inspection.stream },
  { area: 'inspection', methods: ['GET'], path: '/__mock/ui', handle: inspection.uiPage },
  { area: 'inspection', methods: ['GET'], path: '/__mock/ui/app.js', handle: inspection.uiApp },
];

/** What a method and path come to: a route with the path's parameters, or the methods the path allows. */
export type RouteMatch = { route: Route; params: string[] } | { allow: string[]; area: Route['area'] } | undefined;

/** The route for a method and path; when the path exists but not for this method, what it allows. */
export function findRoute(method: string, path: string): RouteMatch {
  let allow: string[] | undefined;
  let area: Route['area'] = 'collector';
  for (const route of ROUTES) {
    const match = typeof route.path === 'string' ? (route.path === path ? [] : undefined) : route.path.exec(path)?.slice(1);
    if (match === undefined) continue;
    if (route.methods.includes(method)) return { route, params: match };
    allow = [...(allow ?? []), ...route.methods];
    area = route.area;
  }
  return allow ? { allow: [...allow, 'OPTIONS'], area } : undefined;
}

/** The inspection routes as one line, for the 404 answer that says what exists. */
export function inspectionRouteList(): string {
  return ROUTES.filter((r) => r.area === 'inspection')
    .map((r) => `${r.methods.join('|')} ${typeof r.path === 'string' ? r.path : r.path.source.replace(/^\^\\?|\$$/g, '').replace(/\\\//g, '/').replace('(\\d+)', '<seq>')}`)
    .join(', ');
}
