import type { ServerResponse } from 'node:http';
import { sendJson, sendText } from '../http/respond.js';
import type { RequestTarget } from '../http/request-target.js';

/**
 * How splunkd's management port writes its answers: an Atom feed of entries by default, or
 * the same as JSON with `output_mode=json`; errors as a list of messages.
 * @see https://docs.splunk.com/Documentation/Splunk/latest/RESTUM/RESTusing (Atom feed and output_mode)
 */
export type OutputMode = 'json' | 'xml';

/** `output_mode=json` (and json_rows / json_cols) is JSON; anything else Splunk's default XML. */
export function outputMode(url: RequestTarget, form?: URLSearchParams): OutputMode {
  const mode = form?.get('output_mode') ?? url.searchParams.get('output_mode') ?? 'xml';
  return mode.startsWith('json') ? 'json' : 'xml';
}

/** A message as splunkd lists them: `{"type":"ERROR","text":"..."}`, some with a `code`. */
export interface RestMessage {
  type: 'ERROR' | 'WARN' | 'INFO' | 'FATAL';
  text: string;
  code?: string;
}

export const escapeXml = (text: string) => text.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c] as string);

const XML_TYPE = 'text/xml; charset=UTF-8';

/** An error or notice: `{"messages":[...]}`, or `<response><messages><msg type=...>`. */
export function sendMessages(res: ServerResponse, status: number, mode: OutputMode, messages: RestMessage[], headers: Record<string, string> = {}): void {
  if (mode === 'json') return sendJson(res, status, { messages }, headers);
  const items = messages.map((m) => `    <msg type="${m.type}"${m.code ? ` code="${escapeXml(m.code)}"` : ''}>${escapeXml(m.text)}</msg>\n`).join('');
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  sendText(res, status, XML_TYPE, `<?xml version="1.0" encoding="UTF-8"?>\n<response>\n  <messages>\n${items}  </messages>\n</response>\n`);
}

/** A plain `<response>` of named values (auth/login's sessionKey, a job's sid). */
export function sendResponse(res: ServerResponse, status: number, mode: OutputMode, values: Record<string, string>): void {
  if (mode === 'json') return sendJson(res, status, values);
  const items = Object.entries(values).map(([key, value]) => `  <${key}>${escapeXml(value)}</${key}>\n`).join('');
  sendText(res, status, XML_TYPE, `<?xml version="1.0" encoding="UTF-8"?>\n<response>\n${items}</response>\n`);
}

/** One entry of a feed: a token, the server's info, a search job. */
export interface FeedEntry {
  name: string;
  /** The entry's path below the server, as `id` and its links are written. */
  path: string;
  content: Record<string, unknown>;
  /** Action links beyond alternate/list (edit, remove, enable, disable). */
  actions?: string[];
  author?: string;
  app?: string;
}

/** A feed: a collection's path and its entries. */
export interface Feed {
  title: string;
  /** The collection's path, as `origin` is written. */
  path: string;
  entries: FeedEntry[];
  /** The server's base URL (https://host:port) for `id` and `origin`. */
  base: string;
  version: string;
  build: string;
  /** Messages splunkd adds to the feed (none on success). */
  messages?: RestMessage[];
}

function acl(entry: FeedEntry) {
  return {
    app: entry.app ?? 'search',
    can_change_perms: true,
    can_list: true,
    can_share_app: true,
    can_share_global: true,
    can_share_user: false,
    can_write: true,
    modifiable: true,
    owner: entry.author ?? 'nobody',
    perms: { read: ['*'], write: ['admin'] },
    removable: true,
    sharing: 'app',
  };
}

function xmlValue(value: unknown, indent: string): string {
  if (Array.isArray(value)) return `\n${indent}<s:list>\n${value.map((v) => `${indent}  <s:item>${xmlValue(v, `${indent}    `)}</s:item>\n`).join('')}${indent}</s:list>\n${indent.slice(2)}`;
  if (value !== null && typeof value === 'object') return `\n${xmlDict(value as Record<string, unknown>, indent)}${indent.slice(2)}`;
  if (typeof value === 'boolean') return value ? '1' : '0';
  return escapeXml(String(value ?? ''));
}

function xmlDict(dict: Record<string, unknown>, indent: string): string {
  const keys = Object.entries(dict).map(([key, value]) => `${indent}  <s:key name="${escapeXml(key)}">${xmlValue(value, `${indent}    `)}</s:key>\n`).join('');
  return `${indent}<s:dict>\n${keys}${indent}</s:dict>\n`;
}

/**
 * A feed in the JSON shape of `output_mode=json` (links, origin, updated, generator, entry,
 * paging, messages) or as Atom XML with `s:dict` content.
 */
export function sendFeed(res: ServerResponse, status: number, mode: OutputMode, feed: Feed, now = new Date()): void {
  const updated = now.toISOString().replace(/\.\d{3}Z$/, '+00:00');
  const links = (entry: FeedEntry): Record<string, string> =>
    Object.fromEntries([['alternate', entry.path], ['list', entry.path], ...(entry.actions ?? []).map((a) => [a, a === 'edit' || a === 'remove' ? entry.path : `${entry.path}/${a}`])]);
  if (mode === 'json') {
    return sendJson(res, status, {
      links: { create: `${feed.path}/_new`, _reload: `${feed.path}/_reload`, _acl: `${feed.path}/_acl` },
      origin: `${feed.base}${feed.path}`,
      updated,
      generator: { build: feed.build, version: feed.version },
      entry: feed.entries.map((entry) => ({
        name: entry.name,
        id: `${feed.base}${entry.path}`,
        updated,
        links: links(entry),
        author: entry.author ?? 'nobody',
        acl: acl(entry),
        content: entry.content,
      })),
      paging: { total: feed.entries.length, perPage: 30, offset: 0 },
      messages: feed.messages ?? [],
    });
  }
  const entries = feed.entries
    .map(
      (entry) =>
        `  <entry>\n    <title>${escapeXml(entry.name)}</title>\n    <id>${escapeXml(feed.base + entry.path)}</id>\n    <updated>${updated}</updated>\n` +
        Object.entries(links(entry))
          .map(([rel, href]) => `    <link href="${escapeXml(href)}" rel="${rel}"/>\n`)
          .join('') +
        `    <author>\n      <name>${escapeXml(entry.author ?? 'nobody')}</name>\n    </author>\n    <content type="text/xml">\n${xmlDict({ ...entry.content, 'eai:acl': acl(entry) }, '      ')}    </content>\n  </entry>\n`,
    )
    .join('');
  sendText(
    res,
    status,
    XML_TYPE,
    `<?xml version="1.0" encoding="UTF-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" xmlns:s="http://dev.splunk.com/ns/rest" xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">\n` +
      `  <title>${escapeXml(feed.title)}</title>\n  <id>${escapeXml(feed.base + feed.path)}</id>\n  <updated>${updated}</updated>\n  <generator build="${feed.build}" version="${feed.version}"/>\n  <author>\n    <name>Splunk</name>\n  </author>\n` +
      `  <opensearch:totalResults>${feed.entries.length}</opensearch:totalResults>\n  <opensearch:itemsPerPage>30</opensearch:itemsPerPage>\n  <opensearch:startIndex>0</opensearch:startIndex>\n  <s:messages/>\n${entries}</feed>\n`,
  );
}
