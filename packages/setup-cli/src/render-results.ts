import type { Check } from './engine/run.js';
import type { StepResult } from './engine/context.js';

const MARK: Record<string, string> = { create: '+', update: '~', 'no change': '=', conflict: '!', delete: '-', keep: '.', absent: ' ' };

/** One line per resource: +create ~update =no change !conflict -delete .keep. */
export function resultsText(heading: string, results: StepResult[]): string {
  const lines = [heading];
  for (const r of results) {
    lines.push(`  ${MARK[r.action] ?? '?'} ${r.action.padEnd(9)} ${r.type} ${r.name}${r.details.length ? `: ${r.details.join('; ')}` : ''}`);
  }
  const counts = results.reduce<Record<string, number>>((acc, r) => ({ ...acc, [r.action]: (acc[r.action] ?? 0) + 1 }), {});
  lines.push(`  ${Object.entries(counts).map(([a, n]) => `${n} ${a}`).join(', ')}`);
  return `${lines.join('\n')}\n`;
}

/** Status checks as lines of OK / FAIL. */
export function checksText(heading: string, checks: Check[]): string {
  return `${[heading, ...checks.map((c) => `  ${c.ok ? 'OK  ' : 'FAIL'} ${c.name}: ${c.detail}`)].join('\n')}\n`;
}

/** True when a set of results would change something. */
export function hasChanges(results: StepResult[]): boolean {
  return results.some((r) => r.action === 'create' || r.action === 'update' || r.action === 'delete');
}
