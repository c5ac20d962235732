import { globToRegExp } from './glob.js';
import { compileTemplate, templateParts, type CompiledTemplate, type TemplatePart, type TemplateValues } from './template.js';

/** One entry of the ROUTES table as the user writes it. Exactly one matcher is set. */
export interface RouteSpec {
  logGroup?: string;
  logGroupPrefix?: string;
  logGroupGlob?: string;
  sourcetype?: string;
  index?: string;
  source?: string;
  host?: string;
}

/** Defaults used where no route matches or a matching route leaves a value unset. */
export interface RouteDefaults {
  /** Undefined means: detect from the log group and its first message. */
  sourcetype?: string;
  index?: string;
  source: string;
  host: string;
}

/** Splunk metadata for one record, before sourcetype detection. */
export interface RecordMetadata {
  sourcetype?: string;
  index?: string;
  source: string;
  host: string;
}

/** The route a log group takes, with its templates as parts (for paths that fill them in as bytes). */
export interface RouteTemplates {
  sourcetype?: string;
  index?: string;
  sourceParts: readonly TemplatePart[];
  hostParts: readonly TemplatePart[];
}

interface CompiledRoute extends RouteTemplates {
  matches: (logGroup: string) => boolean;
  source: CompiledTemplate;
  host: CompiledTemplate;
}

/** Resolves a log group to its Splunk metadata; compiled once at cold start. */
export interface Router {
  resolve(values: TemplateValues): RecordMetadata;
  /** The route of a log group: what `resolve` fills in, before the values. */
  route(logGroup: string): RouteTemplates;
}

function compileRoute(matches: (logGroup: string) => boolean, sourcetype: string | undefined, index: string | undefined, source: string, host: string): CompiledRoute {
  const route: CompiledRoute = { matches, source: compileTemplate(source), host: compileTemplate(host), sourceParts: templateParts(source), hostParts: templateParts(host) };
  if (sourcetype !== undefined) route.sourcetype = sourcetype;
  if (index !== undefined) route.index = index;
  return route;
}

function matcherOf(spec: RouteSpec): (logGroup: string) => boolean {
  if (spec.logGroup !== undefined) {
    const exact = spec.logGroup;
    return (logGroup) => logGroup === exact;
  }
  if (spec.logGroupPrefix !== undefined) {
    const prefix = spec.logGroupPrefix;
    return (logGroup) => logGroup.startsWith(prefix);
  }
  const pattern = globToRegExp(spec.logGroupGlob ?? '*');
  return (logGroup) => pattern.test(logGroup);
}

/** Log groups whose route is remembered; a Lambda sees a bounded set of them, and past this the memory is cleared. */
export const ROUTE_CACHE_ENTRIES = 4096;

/** Builds a router: the first route whose matcher accepts the log group wins (remembered per log group). */
export function createRouter(routes: readonly RouteSpec[], defaults: RouteDefaults): Router {
  const compiled: CompiledRoute[] = routes.map((spec) =>
    compileRoute(matcherOf(spec), spec.sourcetype ?? defaults.sourcetype, spec.index ?? defaults.index, spec.source ?? defaults.source, spec.host ?? defaults.host),
  );
  const fallback = compileRoute(() => true, defaults.sourcetype, defaults.index, defaults.source, defaults.host);
  const byLogGroup = new Map<string, CompiledRoute>();
  const routeFor = (logGroup: string): CompiledRoute => {
    let route = byLogGroup.get(logGroup);
    if (route === undefined) {
      route = compiled.find((r) => r.matches(logGroup)) ?? fallback;
      if (byLogGroup.size >= ROUTE_CACHE_ENTRIES) byLogGroup.clear();
      byLogGroup.set(logGroup, route);
    }
    return route;
  };
  return {
    resolve(values) {
      const route = routeFor(values.logGroup);
      const metadata: RecordMetadata = { source: route.source(values), host: route.host(values) };
      if (route.sourcetype !== undefined) metadata.sourcetype = route.sourcetype;
      if (route.index !== undefined) metadata.index = route.index;
      return metadata;
    },
    route: routeFor,
  };
}
