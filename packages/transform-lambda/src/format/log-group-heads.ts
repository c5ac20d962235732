import { ROUTE_CACHE_ENTRIES, type Router, type RouteTemplates } from '../routing/routing.js';
import { detectSourcetype } from '../routing/sourcetype-detection.js';
import { EventHeadProgram } from './event-head-program.js';

/** What the record pipeline keeps per log group: its name, its route, and its Event heads by sourcetype. */
export interface LogGroupHead {
  logGroup: string;
  route: RouteTemplates;
  /** The sourcetype detection gives the group when its first message says nothing (detectSourcetype(logGroup, undefined)). */
  sourcetypeByGroup: string;
  /** The head program for a sourcetype (built on first use); undefined when the route cannot have one. */
  program(sourcetype: string, region: string): EventHeadProgram | undefined;
}

/**
 * Log groups met by the record pipeline, looked up by their bytes in the payload (read as
 * latin1, which maps bytes to characters one to one, so no UTF-8 decoding per record) within
 * one region: a new region, or more than ROUTE_CACHE_ENTRIES groups, starts afresh.
 */
export class LogGroupHeads {
  private groups = new Map<string, LogGroupHead>();
  private region = '';

  constructor(private readonly router: Router) {}

  entry(memory: Buffer, start: number, end: number, region: string): LogGroupHead {
    if (region !== this.region || this.groups.size >= ROUTE_CACHE_ENTRIES) {
      this.groups = new Map();
      this.region = region;
    }
    const key = memory.toString('latin1', start, end);
    let group = this.groups.get(key);
    if (group === undefined) {
      group = logGroupHead(this.router, memory.toString('utf8', start, end));
      this.groups.set(key, group);
    }
    return group;
  }
}

function logGroupHead(router: Router, logGroup: string): LogGroupHead {
  const route = router.route(logGroup);
  const programs = new Map<string, EventHeadProgram | null>();
  return {
    logGroup,
    route,
    sourcetypeByGroup: detectSourcetype(logGroup, undefined),
    program(sourcetype, region) {
      let program = programs.get(sourcetype);
      if (program === undefined) {
        program = EventHeadProgram.build(route, sourcetype, region) ?? null;
        programs.set(sourcetype, program);
      }
      return program ?? undefined;
    },
  };
}
