import { LAMBDA_SYNC_RESPONSE_MAX_BYTES } from '@firehose-splunk/internal';
import { ConfigError } from './errors.js';
import { type RouteSpec, type RouteDefaults } from './routing/routing.js';
import { unknownPlaceholders } from './routing/template.js';
import {
  DEFAULT_FLOW_LOG_FIELDS,
  compileFlowLogFormat,
  parseFlowLogFormat,
  type FlowLogFilter,
  type FlowLogFormat,
} from './flow-logs/vpc-flow-log.js';

export type HecEndpointType = 'Event' | 'Raw';
export type GunzipImplementation = 'zlib' | 'fflate';

/** Indexed fields the Event output can attach, by their configuration name. */
export const INDEXED_FIELD_NAMES = ['account', 'region', 'log_group', 'log_stream', 'subscription_filter'] as const;
export type IndexedFieldName = (typeof INDEXED_FIELD_NAMES)[number];

/** The whole, validated configuration of the transform Lambda. */
export interface TransformConfig {
  endpointType: HecEndpointType;
  routes: RouteSpec[];
  defaults: RouteDefaults;
  indexedFields: IndexedFieldName[];
  jsonMessageAsObject: boolean;
  flowLogFormat: FlowLogFormat;
  flowLogFilter: FlowLogFilter;
  flowLogEventFormat: 'line' | 'object';
  responseBudgetBytes: number;
  reingest: {
    maxAttempts: number;
    baseDelayMs: number;
    maxDelayMs: number;
    /** Time kept back from the Lambda timeout so the response still gets out. */
    safetyMarginMs: number;
  };
  gunzip: GunzipImplementation;
  /**
   * Which fast path formats payloads laid out as CloudWatch Logs writes them (the general path
   * takes the rest): `wasm` the WebAssembly scanner then the JS fast path, `js`, or `off`.
   */
  fastPath: FastPathSetting;
  metrics: { enabled: boolean; namespace: string; serviceName: string };
}

export type FastPathSetting = 'wasm' | 'js' | 'off';

// `true` and `false` are what FAST_PATH took before the WebAssembly scanner existed.
function fastPathSetting(value: FastPathSetting | 'true' | 'false'): FastPathSetting {
  if (value === 'true') return 'wasm';
  if (value === 'false') return 'off';
  return value;
}

export { ConfigError };

/**
 * Default response budget: a little under the 6 MB (6,291,456-byte) limit of a synchronous
 * Lambda response, which Firehose's invocation is; the margin covers Lambda's own framing.
 * @see https://docs.aws.amazon.com/firehose/latest/dev/data-transformation.html
 */
export const DEFAULT_RESPONSE_BUDGET_BYTES = 6_000_000;
/** The smallest budget accepted: room for a few records' entries. */
export const MIN_RESPONSE_BUDGET_BYTES = 4096;

/**
 * Re-ingest retries. PutRecordBatch and PutRecords answer partial failures per entry and
 * AWS asks callers to retry those with exponential backoff; 6 attempts with a 100 ms first
 * ceiling doubling to 5 s cover about 10 s of throttling, well inside the Lambda timeout.
 * @see https://docs.aws.amazon.com/firehose/latest/APIReference/API_PutRecordBatch.html
 * @see https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutRecords.html
 */
export const REINGEST_DEFAULTS = { maxAttempts: 6, baseDelayMs: 100, maxDelayMs: 5_000 } as const;
/**
 * Time kept back from the Lambda timeout: no re-ingest retry starts later than this, so the
 * response still reaches Firehose, which otherwise retries the whole batch.
 * @see https://docs.aws.amazon.com/firehose/latest/dev/data-transformation.html
 */
export const REINGEST_SAFETY_MARGIN_MS = 3_000;
/** The gunzip implementation `pnpm bench` measured fastest on this workload. */
export const DEFAULT_GUNZIP: GunzipImplementation = 'zlib';

const PROTOCOL_NAMES: Record<string, string> = { icmp: '1', tcp: '6', udp: '17', icmpv6: '58' };

type Env = Record<string, string | undefined>;

class Reader {
  readonly problems: string[] = [];
  constructor(private readonly env: Env) {}

  raw(name: string): string | undefined {
    const value = this.env[name];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    const found = allowed.find((a) => a.toLowerCase() === value.toLowerCase());
    if (found === undefined) {
      this.problems.push(`${name}="${value}" is not one of ${allowed.join(', ')}`);
      return fallback;
    }
    return found;
  }

  bool(name: string, fallback: boolean): boolean {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    if (/^(true|1|yes)$/i.test(value)) return true;
    if (/^(false|0|no)$/i.test(value)) return false;
    this.problems.push(`${name}="${value}" is not a boolean: use true or false`);
    return fallback;
  }

  integer(name: string, fallback: number, min: number, max: number): number {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    const parsed = Number(value.replace(/_/g, ''));
    if (!Number.isInteger(parsed) || parsed < min || parsed > max) {
      this.problems.push(`${name}="${value}" must be a whole number from ${min} to ${max}`);
      return fallback;
    }
    return parsed;
  }

  list(name: string): string[] | undefined {
    const value = this.raw(name);
    if (value === undefined) return undefined;
    return value
      .split(',')
      .map((v) => v.trim())
      .filter((v) => v.length > 0);
  }

  template(name: string, fallback: string): string {
    const value = this.env[name] ?? fallback;
    const unknown = unknownPlaceholders(value);
    if (unknown.length > 0) {
      this.problems.push(
        `${name}="${value}" uses ${unknown.join(', ')}: the placeholders are {logGroup}, {logStream}, {account}, {region}`,
      );
    }
    return value;
  }
}

const ROUTE_KEYS = new Set(['logGroup', 'logGroupPrefix', 'logGroupGlob', 'sourcetype', 'index', 'source', 'host']);
const MATCHERS = ['logGroup', 'logGroupPrefix', 'logGroupGlob'] as const;

function readRoutes(reader: Reader): RouteSpec[] {
  const text = reader.raw('ROUTES');
  if (text === undefined) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    reader.problems.push(`ROUTES is not valid JSON (${(error as Error).message}): give a JSON array of routes`);
    return [];
  }
  if (!Array.isArray(parsed)) {
    reader.problems.push('ROUTES must be a JSON array such as [{"logGroupPrefix":"/aws/lambda/","sourcetype":"aws:lambda"}]');
    return [];
  }
  const routes: RouteSpec[] = [];
  parsed.forEach((entry: unknown, i) => {
    const where = `ROUTES[${i}]`;
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      reader.problems.push(`${where} must be an object`);
      return;
    }
    const record = entry as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      if (!ROUTE_KEYS.has(key)) reader.problems.push(`${where} has unknown key "${key}": allowed are ${[...ROUTE_KEYS].join(', ')}`);
    }
    for (const [key, value] of Object.entries(record)) {
      if (ROUTE_KEYS.has(key) && typeof value !== 'string') reader.problems.push(`${where}.${key} must be a string`);
    }
    const matchers = MATCHERS.filter((m) => record[m] !== undefined);
    if (matchers.length !== 1) {
      reader.problems.push(`${where} must set exactly one of logGroup, logGroupPrefix, logGroupGlob (it sets ${matchers.length})`);
      return;
    }
    for (const key of ['source', 'host'] as const) {
      const value = record[key];
      if (typeof value === 'string') {
        const unknown = unknownPlaceholders(value);
        if (unknown.length > 0) reader.problems.push(`${where}.${key} uses unknown placeholder ${unknown.join(', ')}`);
      }
    }
    routes.push(record as RouteSpec);
  });
  return routes;
}

function readFlowLogFilter(reader: Reader, format: FlowLogFormat): FlowLogFilter {
  const filter: FlowLogFilter = { dropNoData: reader.bool('VPC_FLOW_DROP_NODATA', false) };
  const actions = reader.list('VPC_FLOW_ACTIONS');
  if (actions !== undefined) {
    const upper = actions.map((a) => a.toUpperCase());
    const bad = upper.filter((a) => a !== 'ACCEPT' && a !== 'REJECT');
    if (bad.length > 0) reader.problems.push(`VPC_FLOW_ACTIONS has ${bad.join(', ')}: use ACCEPT, REJECT or both`);
    else filter.actions = new Set(upper);
    if (format.actionIndex < 0) reader.problems.push('VPC_FLOW_ACTIONS needs the action field, which VPC_FLOW_LOG_FORMAT lacks');
  }
  const protocols = reader.list('VPC_FLOW_PROTOCOLS');
  if (protocols !== undefined) {
    const numbers = protocols.map((p) => PROTOCOL_NAMES[p.toLowerCase()] ?? p);
    const bad = numbers.filter((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255);
    if (bad.length > 0) reader.problems.push(`VPC_FLOW_PROTOCOLS has ${bad.join(', ')}: use IANA numbers (6, 17) or tcp, udp, icmp, icmpv6`);
    else filter.protocols = new Set(numbers.map((p) => String(Number(p))));
    if (format.protocolIndex < 0) reader.problems.push('VPC_FLOW_PROTOCOLS needs the protocol field, which VPC_FLOW_LOG_FORMAT lacks');
  }
  if (filter.dropNoData && format.logStatusIndex < 0) {
    reader.problems.push('VPC_FLOW_DROP_NODATA needs the log-status field, which VPC_FLOW_LOG_FORMAT lacks');
  }
  return filter;
}

/**
 * Reads and validates the configuration from environment variables, once, at cold start.
 * Throws a ConfigError that lists every problem, each naming its variable.
 */
export function loadConfig(env: Env = process.env): TransformConfig {
  const reader = new Reader(env);
  const endpointType = reader.oneOf('HEC_ENDPOINT_TYPE', ['Event', 'Raw'] as const, 'Event');
  const routes = readRoutes(reader);

  const defaults: RouteDefaults = {
    source: reader.template('DEFAULT_SOURCE', '{logGroup}'),
    host: reader.template('DEFAULT_HOST', '{logStream}'),
  };
  const sourcetype = reader.raw('DEFAULT_SOURCETYPE');
  if (sourcetype !== undefined) defaults.sourcetype = sourcetype;
  const index = reader.raw('DEFAULT_INDEX');
  if (index !== undefined) defaults.index = index;

  const indexedFields: IndexedFieldName[] = [];
  for (const name of reader.list('HEC_INDEXED_FIELDS') ?? []) {
    if ((INDEXED_FIELD_NAMES as readonly string[]).includes(name)) indexedFields.push(name as IndexedFieldName);
    else reader.problems.push(`HEC_INDEXED_FIELDS has "${name}": allowed are ${INDEXED_FIELD_NAMES.join(', ')}`);
  }
  if (indexedFields.length > 0 && endpointType === 'Raw') {
    reader.problems.push('HEC_INDEXED_FIELDS needs HEC_ENDPOINT_TYPE=Event: the raw endpoint has no indexed fields');
  }

  let flowLogFormat = compileFlowLogFormat(DEFAULT_FLOW_LOG_FIELDS);
  const formatText = reader.raw('VPC_FLOW_LOG_FORMAT');
  if (formatText !== undefined) {
    const parsed = parseFlowLogFormat(formatText);
    if (typeof parsed === 'string') reader.problems.push(`VPC_FLOW_LOG_FORMAT: ${parsed}`);
    else flowLogFormat = parsed;
  }
  const flowLogFilter = readFlowLogFilter(reader, flowLogFormat);
  const flowLogEventFormat = reader.oneOf('VPC_FLOW_EVENT_FORMAT', ['line', 'object'] as const, 'line');
  if (flowLogEventFormat === 'object' && endpointType === 'Raw') {
    reader.problems.push('VPC_FLOW_EVENT_FORMAT=object needs HEC_ENDPOINT_TYPE=Event');
  }

  const config: TransformConfig = {
    endpointType,
    routes,
    defaults,
    indexedFields,
    jsonMessageAsObject: reader.bool('JSON_MESSAGE_AS_OBJECT', false),
    flowLogFormat,
    flowLogFilter,
    flowLogEventFormat,
    responseBudgetBytes: reader.integer('RESPONSE_BUDGET_BYTES', DEFAULT_RESPONSE_BUDGET_BYTES, MIN_RESPONSE_BUDGET_BYTES, LAMBDA_SYNC_RESPONSE_MAX_BYTES),
    reingest: {
      maxAttempts: reader.integer('REINGEST_MAX_ATTEMPTS', REINGEST_DEFAULTS.maxAttempts, 1, 20),
      baseDelayMs: reader.integer('REINGEST_BASE_DELAY_MS', REINGEST_DEFAULTS.baseDelayMs, 0, 60_000),
      maxDelayMs: reader.integer('REINGEST_MAX_DELAY_MS', REINGEST_DEFAULTS.maxDelayMs, 0, 300_000),
      safetyMarginMs: reader.integer('REINGEST_SAFETY_MARGIN_MS', REINGEST_SAFETY_MARGIN_MS, 0, 600_000),
    },
    gunzip: reader.oneOf('GUNZIP_IMPL', ['zlib', 'fflate'] as const, DEFAULT_GUNZIP),
    fastPath: fastPathSetting(reader.oneOf('FAST_PATH', ['wasm', 'js', 'off', 'true', 'false'] as const, 'wasm')),
    metrics: {
      enabled: reader.bool('METRICS_ENABLED', true),
      namespace: reader.raw('METRICS_NAMESPACE') ?? 'FirehoseSplunk',
      serviceName: reader.raw('METRICS_SERVICE') ?? 'transform-lambda',
    },
  };
  if (reader.problems.length > 0) throw new ConfigError(reader.problems);
  return config;
}
