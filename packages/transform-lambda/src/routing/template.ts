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

/** Compiles a template; a template without placeholders becomes a constant. */
export function compileTemplate(template: string): CompiledTemplate {
  if (!template.includes('{')) return () => template;
  return (values) =>
    template.replace(PLACEHOLDER, (whole, name: string) =>
      KNOWN.has(name) ? values[name as keyof TemplateValues] : whole,
    );
}
