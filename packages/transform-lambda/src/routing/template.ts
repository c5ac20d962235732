/** Values a metadata template may refer to, all known once per record. */
export interface TemplateValues {
  logGroup: string;
  logStream: string;
  account: string;
  region: string;
}

const PLACEHOLDER = /\{([A-Za-z]+)\}/g;
const KNOWN: ReadonlySet<string> = new Set(['logGroup', 'logStream', 'account', 'region']);

/** A metadata value such as `{logGroup}` or `vpc:{account}`, compiled once at cold start. */
export type CompiledTemplate = (values: TemplateValues) => string;

/** Lists the placeholders in `template` that are not one of logGroup, logStream, account, region. */
export function unknownPlaceholders(template: string): string[] {
  const unknown: string[] = [];
  for (const match of template.matchAll(PLACEHOLDER)) {
    const name = match[1] ?? '';
    if (!KNOWN.has(name)) unknown.push(`{${name}}`);
  }
  return unknown;
}

/**
 * Compiles a template once, at cold start, into what it costs per record: a constant, one
 * value (the defaults `{logGroup}` and `{logStream}`), or literal parts and values joined.
 * A regex replace per record measured 0.5 us in the small-record bench.
 */
export function compileTemplate(template: string): CompiledTemplate {
  if (!template.includes('{')) return () => template;
  const parts: Array<string | keyof TemplateValues> = [];
  const literal: boolean[] = [];
  let last = 0;
  for (const match of template.matchAll(PLACEHOLDER)) {
    const name = match[1] as string;
    if (!KNOWN.has(name)) continue;
    parts.push(template.slice(last, match.index));
    literal.push(true);
    parts.push(name as keyof TemplateValues);
    literal.push(false);
    last = (match.index as number) + match[0].length;
  }
  parts.push(template.slice(last));
  literal.push(true);
  if (parts.length === 3 && parts[0] === '' && parts[2] === '') {
    const only = parts[1] as keyof TemplateValues;
    return (values) => values[only];
  }
  return (values) => {
    let text = '';
    for (let i = 0; i < parts.length; i++) text += literal[i] ? (parts[i] as string) : values[parts[i] as keyof TemplateValues];
    return text;
  };
}
