/** Fields of the default (version 2) VPC flow log format, in order. */
export const DEFAULT_FLOW_LOG_FIELDS: readonly string[] = [
  'version',
  'account-id',
  'interface-id',
  'srcaddr',
  'dstaddr',
  'srcport',
  'dstport',
  'protocol',
  'packets',
  'bytes',
  'start',
  'end',
  'action',
  'log-status',
];

/** Which flow log lines to keep; an unset rule keeps everything. */
export interface FlowLogFilter {
  dropNoData: boolean;
  actions?: ReadonlySet<string>;
  protocols?: ReadonlySet<string>;
}

/** A flow log format compiled once: field names and the positions the filters need. */
export interface FlowLogFormat {
  fields: readonly string[];
  actionIndex: number;
  protocolIndex: number;
  logStatusIndex: number;
}

/**
 * Parses a flow log format as AWS writes it (`${version} ${srcaddr} ...`) or as a plain
 * space-separated list of field names. Returns an error string when it is not one.
 */
export function parseFlowLogFormat(text: string): FlowLogFormat | string {
  const tokens = text.trim().split(/\s+/).filter((t) => t.length > 0);
  if (tokens.length === 0) return 'the format lists no fields';
  const fields: string[] = [];
  for (const token of tokens) {
    const match = /^\$\{([a-z0-9-]+)\}$/.exec(token) ?? /^([a-z0-9-]+)$/.exec(token);
    if (!match) return `"${token}" is not a field name or \${field-name}`;
    fields.push(match[1] as string);
  }
  return compileFlowLogFormat(fields);
}

/** Locates the fields the filters look at. */
export function compileFlowLogFormat(fields: readonly string[]): FlowLogFormat {
  return {
    fields,
    actionIndex: fields.indexOf('action'),
    protocolIndex: fields.indexOf('protocol'),
    logStatusIndex: fields.indexOf('log-status'),
  };
}

/** Splits a flow log line into its values, or undefined when the field count differs. */
export function splitFlowLogLine(line: string, format: FlowLogFormat): string[] | undefined {
  const values = line.split(' ');
  return values.length === format.fields.length ? values : undefined;
}

/** True when the parsed line passes every configured filter. */
export function keepFlowLogLine(values: readonly string[], format: FlowLogFormat, filter: FlowLogFilter): boolean {
  if (filter.dropNoData && format.logStatusIndex >= 0) {
    const status = values[format.logStatusIndex];
    if (status === 'NODATA' || status === 'SKIPDATA') return false;
  }
  if (filter.actions && format.actionIndex >= 0) {
    if (!filter.actions.has(values[format.actionIndex] ?? '')) return false;
  }
  if (filter.protocols && format.protocolIndex >= 0) {
    if (!filter.protocols.has(values[format.protocolIndex] ?? '')) return false;
  }
  return true;
}

/** The line as an object keyed by field name, for VPC_FLOW_EVENT_FORMAT=object. */
export function flowLogLineToObject(values: readonly string[], format: FlowLogFormat): Record<string, string> {
  const object: Record<string, string> = {};
  format.fields.forEach((name, i) => {
    object[name] = values[i] ?? '';
  });
  return object;
}

/** True when any filter is configured, so lines need parsing at all. */
export function filterIsActive(filter: FlowLogFilter): boolean {
  return filter.dropNoData || filter.actions !== undefined || filter.protocols !== undefined;
}
