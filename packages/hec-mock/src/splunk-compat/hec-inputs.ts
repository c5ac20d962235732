import { randomUUID } from 'node:crypto';
import type { TokenConfig } from '../collector/auth.js';

/**
 * HEC tokens as the management API sees them: the `data/inputs/http` collection, whose
 * entries are named `http://<name>` and whose changes take effect on the HEC port at once
 * (the mock's token map is shared with the collector).
 * @see https://docs.splunk.com/Documentation/Splunk/latest/RESTREF/RESTinput#data.2Finputs.2Fhttp
 */

/** What a create or edit may set, as the REST API names it. */
export const TOKEN_PARAMS = ['name', 'token', 'index', 'indexes', 'sourcetype', 'source', 'host', 'useACK', 'disabled', 'description'] as const;

/** Why a change was refused: the HTTP status splunkd gives and its message. */
export class InputError extends Error {
  constructor(
    readonly status: 400 | 404 | 409,
    message: string,
  ) {
    super(message);
  }
}

/** splunkd's booleans in form parameters. */
function parseBoolean(param: string, value: string): boolean {
  if (/^(1|true|t|yes|y)$/i.test(value)) return true;
  if (/^(0|false|f|no|n)$/i.test(value)) return false;
  throw new InputError(400, `Invalid value "${value}" for argument "${param}": expected a boolean (1, 0, true, false).`);
}

/** A token's name from a URL segment: `name`, `http://name`, or either URL-encoded (even twice). */
export function tokenNameFromPath(segment: string): string {
  let name = segment;
  for (let i = 0; i < 3 && /%[0-9a-f]{2}/i.test(name); i++) name = decodeURIComponent(name);
  return name.replace(/^http:\/\//, '');
}

/** The collection and its global switch. */
export class HecInputs {
  private readonly descriptions = new Map<string, string>();

  constructor(
    private readonly tokens: Map<string, TokenConfig>,
    /** The host name splunkd shows as an input's default host. */
    private readonly serverName: string,
  ) {}

  list(): TokenConfig[] {
    return [...this.tokens.values()].sort((a, b) => ((a.name ?? '') < (b.name ?? '') ? -1 : 1));
  }

  get(name: string): TokenConfig {
    for (const token of this.tokens.values()) if (token.name === name) return token;
    throw new InputError(404, `Could not find object id=http://${name}`);
  }

  /** POST data/inputs/http: a new token, its GUID generated unless `token` gives one. */
  create(params: URLSearchParams): TokenConfig {
    const name = params.get('name');
    if (!name) throw new InputError(400, 'Missing required argument "name"');
    if ([...this.tokens.values()].some((t) => t.name === name)) throw new InputError(409, `An object with name=http://${name} already exists`);
    const token = params.get('token') || randomUUID();
    if (this.tokens.has(token)) throw new InputError(409, `The token ${token} is already used by another input`);
    const config: TokenConfig = { token, name, ack: false, disabled: false };
    this.apply(config, params);
    this.tokens.set(token, config);
    return config;
  }

  /** POST data/inputs/http/<name>: changes what the parameters name. */
  edit(name: string, params: URLSearchParams): TokenConfig {
    const config = this.get(name);
    if (params.has('token') && params.get('token') !== config.token) throw new InputError(400, 'The token value of an existing input cannot be changed.');
    this.apply(config, params);
    return config;
  }

  remove(name: string): void {
    const config = this.get(name);
    this.tokens.delete(config.token);
    this.descriptions.delete(name);
  }

  setDisabled(name: string, disabled: boolean): TokenConfig {
    const config = this.get(name);
    config.disabled = disabled;
    return config;
  }

  /** Checks every parameter before changing anything, so a refused edit changes nothing. */
  private apply(config: TokenConfig, params: URLSearchParams): void {
    for (const key of params.keys()) {
      if (key === 'output_mode' || (TOKEN_PARAMS as readonly string[]).includes(key)) continue;
      throw new InputError(400, `Argument "${key}" is not supported by this handler.`);
    }
    const indexes = params.has('indexes') ? (params.get('indexes') as string).split(',').map((i) => i.trim()).filter(Boolean) : config.allowedIndexes;
    const index = params.has('index') ? (params.get('index') as string) || undefined : config.defaultIndex;
    if (index !== undefined && indexes && indexes.length > 0 && !indexes.includes(index)) {
      throw new InputError(400, `The default index "${index}" must be one of the allowed indexes (${indexes.join(', ')}).`);
    }
    const ack = params.has('useACK') ? parseBoolean('useACK', params.get('useACK') as string) : config.ack;
    const disabled = params.has('disabled') ? parseBoolean('disabled', params.get('disabled') as string) : config.disabled;
    const text = (key: string, current: string | undefined) => (params.has(key) ? (params.get(key) as string) || undefined : current);
    config.allowedIndexes = indexes;
    config.defaultIndex = index;
    config.defaultSourcetype = text('sourcetype', config.defaultSourcetype);
    config.defaultSource = text('source', config.defaultSource);
    config.defaultHost = text('host', config.defaultHost);
    config.ack = ack ?? false;
    config.disabled = disabled ?? false;
    if (params.has('description')) this.descriptions.set(config.name as string, params.get('description') as string);
  }

  /** An entry's content as splunkd lists it. */
  content(config: TokenConfig): Record<string, unknown> {
    return {
      description: this.descriptions.get(config.name as string) ?? '',
      disabled: config.disabled ?? false,
      host: config.defaultHost ?? this.serverName,
      index: config.defaultIndex ?? 'default',
      indexes: config.allowedIndexes ?? [],
      source: config.defaultSource ?? '',
      sourcetype: config.defaultSourcetype ?? '',
      token: config.token,
      useACK: config.ack ?? false,
      'eai:appName': 'splunk_httpinput',
      'eai:userName': 'nobody',
    };
  }
}
