import type { DesiredResource } from './desired-state.js';
import type { Settings } from './settings.js';

/** The offline plan as one JSON document. */
export function planJson(settings: Settings, resources: DesiredResource[]): string {
  return `${JSON.stringify({ account: settings.accountId, region: settings.region, name: settings.name, action: 'create', resources }, null, 2)}\n`;
}

function indent(text: string, by: string): string {
  return text
    .split('\n')
    .map((line) => (line.length > 0 ? by + line : line))
    .join('\n');
}

/** The offline plan as text for a security review: every resource, its settings, every policy document. */
export function planText(settings: Settings, resources: DesiredResource[]): string {
  const lines = [
    `Plan for account ${settings.accountId}, region ${settings.region}, name "${settings.name}" (offline: nothing was read from AWS, so everything is shown as to create)`,
    '',
  ];
  for (const resource of resources) {
    lines.push(`+ ${resource.type} ${resource.name}${resource.arn ? `  (${resource.arn})` : ''}`);
    lines.push(indent(JSON.stringify(resource.settings, null, 2), '    '));
    for (const [name, document] of Object.entries(resource.documents ?? {})) {
      lines.push(`    ${name} policy:`);
      lines.push(indent(JSON.stringify(document, null, 2), '      '));
    }
    lines.push('');
  }
  lines.push(`${resources.length} resources to create.`);
  return `${lines.join('\n')}\n`;
}
