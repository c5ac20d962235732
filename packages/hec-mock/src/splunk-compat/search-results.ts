import type { ServerResponse } from 'node:http';
import { sendJson, sendText } from '../http/respond.js';
import { escapeXml } from './rest-answers.js';
import type { SearchResult } from './spl-search.js';

/**
 * Search results in the shapes splunkd streams them:
 * - `search/jobs/export` with `output_mode=json`: one JSON object per line,
 *   `{"preview":false,"offset":N,"result":{...}}`, the last with `"lastrow":true`;
 * - `exec_mode=oneshot` and a job's `results` with `output_mode=json`:
 *   `{"preview":false,"init_offset":0,"messages":[],"fields":[{"name":...}],"results":[...]}`;
 * - XML (`<results preview='0'>`, splunkd's default) and CSV for both.
 * @see https://docs.splunk.com/Documentation/Splunk/latest/RESTREF/RESTsearch#search.2Fjobs.2Fexport
 */
export type ResultsFormat = 'json' | 'xml' | 'csv';

export function resultsFormat(mode: string | null): ResultsFormat | undefined {
  if (mode === null || mode === 'xml') return 'xml';
  if (mode === 'json' || mode === 'json_rows' || mode === 'json_cols') return 'json';
  if (mode === 'csv') return 'csv';
  return undefined;
}

/** Field names in the order they first appear. */
export function fieldNames(results: readonly SearchResult[]): string[] {
  const names = new Set<string>();
  for (const r of results) for (const key of Object.keys(r)) names.add(key);
  return [...names];
}

function xmlResults(results: readonly SearchResult[], initOffset: number): string {
  const fields = fieldNames(results);
  const rows = results
    .map((r, i) => {
      const cells = Object.entries(r)
        .map(([k, v]) =>
          k === '_raw'
            ? `\t\t<field k='_raw'>\n\t\t\t<v xml:space='preserve' trunc='0'>${escapeXml(v)}</v>\n\t\t</field>\n`
            : `\t\t<field k='${escapeXml(k)}'>\n\t\t\t<value><text>${escapeXml(v)}</text></value>\n\t\t</field>\n`,
        )
        .join('');
      return `\t<result offset='${initOffset + i}'>\n${cells}\t</result>\n`;
    })
    .join('');
  return `<?xml version='1.0' encoding='UTF-8'?>\n<results preview='0'>\n<meta>\n<fieldOrder>\n${fields.map((f) => `<field>${escapeXml(f)}</field>\n`).join('')}</fieldOrder>\n</meta>\n${rows}</results>\n`;
}

function csvResults(results: readonly SearchResult[]): string {
  const fields = fieldNames(results);
  const cell = (v: string | undefined) => (v === undefined ? '' : /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return [fields.map(cell).join(','), ...results.map((r) => fields.map((f) => cell(r[f])).join(','))].join('\n') + '\n';
}

/** The export stream: one line per result in JSON, else the whole set as XML or CSV. */
export function sendExport(res: ServerResponse, format: ResultsFormat, results: readonly SearchResult[]): void {
  if (format === 'json') {
    const lines = results.map((result, offset) => JSON.stringify({ preview: false, offset, ...(offset === results.length - 1 ? { lastrow: true } : {}), result }) + '\n');
    return sendText(res, 200, 'application/json; charset=UTF-8', lines.join(''));
  }
  sendPage(res, format, results, 0);
}

/** A page of results (oneshot, a job's results or events). */
export function sendPage(res: ServerResponse, format: ResultsFormat, results: readonly SearchResult[], initOffset: number): void {
  if (format === 'json') {
    return sendJson(res, 200, { preview: false, init_offset: initOffset, messages: [], fields: fieldNames(results).map((name) => ({ name })), results, highlighted: {} });
  }
  if (format === 'csv') return sendText(res, 200, 'text/csv; charset=UTF-8', csvResults(results));
  sendText(res, 200, 'text/xml; charset=UTF-8', xmlResults(results, initOffset));
}
