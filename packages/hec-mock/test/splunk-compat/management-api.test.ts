import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startSplunkCompat, type SplunkCompat } from '../../src/index.js';
import { SPL_SUBSET } from '../../src/splunk-compat/spl-search.js';
import { basic, call, PASSWORD } from './splunkd-call.js';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
let compat: SplunkCompat;
let api: string;
const admin = basic();

beforeAll(async () => {
  compat = await startSplunkCompat({ adminPassword: PASSWORD, tokens: ['00000000-0000-0000-0000-0000000000aa'], ack: false, ackOptions: { indexingDelayMs: 0 } });
  api = compat.managementUrl;
});
afterAll(() => compat.stop());

const sendEvent = (token: string, event: Record<string, unknown>) => call('POST', `${compat.hecUrl}/services/collector/event`, { auth: `Splunk ${token}`, body: JSON.stringify(event) });

describe('authentication as splunkd does it', () => {
  it('answers a call without credentials, or with a wrong password, 401 with a Basic challenge', async () => {
    for (const auth of [undefined, basic('admin', 'wrong'), basic('someone', PASSWORD), 'Splunk not-a-session']) {
      const answer = await call('GET', `${api}/services/server/info?output_mode=json`, auth ? { auth } : {});
      expect(answer.status).toBe(401);
      expect(answer.headers['www-authenticate']).toBe('Basic realm="/splunk"');
      expect(answer.json()).toEqual({ messages: [{ type: 'WARN', text: 'call not properly authenticated' }] });
    }
  });

  it('gives a session key on auth/login, usable as Authorization: Splunk <key>, in JSON or XML', async () => {
    const login = await call('POST', `${api}/services/auth/login?output_mode=json`, { form: { username: 'admin', password: PASSWORD } });
    expect(login.status).toBe(200);
    const key = login.json<{ sessionKey: string }>().sessionKey;
    expect((await call('GET', `${api}/services/server/info?output_mode=json`, { auth: `Splunk ${key}` })).status).toBe(200);
    const xml = await call('POST', `${api}/services/auth/login`, { form: { username: 'admin', password: PASSWORD } });
    expect(xml.text).toMatch(/^<\?xml[^>]*>\n<response>\n {2}<sessionKey>[\w-]+<\/sessionKey>\n<\/response>/);
    const failed = await call('POST', `${api}/services/auth/login?output_mode=json`, { form: { username: 'admin', password: 'nope' } });
    expect(failed.status).toBe(401);
    expect(failed.json().messages[0]).toMatchObject({ type: 'WARN', code: 'incorrect_username_or_password' });
  });

  it('answers an unknown endpoint 404 Not Found, but only to a caller it knows', async () => {
    expect((await call('GET', `${api}/services/no/such/thing?output_mode=json`)).status).toBe(401);
    const answer = await call('GET', `${api}/services/no/such/thing?output_mode=json`, { auth: admin });
    expect(answer.status).toBe(404);
    expect(answer.json()).toEqual({ messages: [{ type: 'ERROR', text: 'Not Found' }] });
    const xml = await call('GET', `${api}/servicesNS/admin/search/saved/searches`, { auth: admin });
    expect(xml.status).toBe(404);
    expect(xml.text).toContain('<msg type="ERROR">Not Found</msg>');
  });
});

describe('server/info', () => {
  it('names a plausible Splunk version', async () => {
    const answer = await call('GET', `${api}/services/server/info?output_mode=json`, { auth: admin });
    const entry = answer.json().entry[0];
    expect(entry.name).toBe('server-info');
    expect(entry.content.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(answer.json().generator.version).toBe(entry.content.version);
  });
});

describe('HEC tokens over data/inputs/http', () => {
  it('creates a token with a generated GUID (201), usable on the HEC port at once, and lists, gets, edits, disables, enables and deletes it', async () => {
    const created = await call('POST', `${api}/servicesNS/admin/splunk_httpinput/data/inputs/http?output_mode=json`, { auth: admin, form: { name: 'ci-token', index: 'ci', indexes: 'ci,main', sourcetype: 'ci:json' } });
    expect(created.status).toBe(201);
    const entry = created.json().entry[0];
    expect(entry.name).toBe('http://ci-token');
    expect(entry.content).toMatchObject({ index: 'ci', indexes: ['ci', 'main'], sourcetype: 'ci:json', useACK: false, disabled: false });
    const token = entry.content.token as string;
    expect(token).toMatch(GUID);

    expect((await sendEvent(token, { event: 'hello' })).json()).toEqual({ text: 'Success', code: 0 });
    expect(compat.hec.events({ index: 'ci' }).map((e) => [e.event, e.sourcetype])).toEqual([['hello', 'ci:json']]);
    // The allowed indexes hold: another index is refused.
    expect((await sendEvent(token, { event: 'x', index: 'other' })).json()).toMatchObject({ code: 7 });

    const list = await call('GET', `${api}/services/data/inputs/http?output_mode=json`, { auth: admin });
    expect(list.json().entry.map((e: { name: string }) => e.name)).toEqual(['http://ci-token', 'http://hec-mock']);
    for (const path of ['ci-token', 'http%3A%2F%2Fci-token', 'http%253A%252F%252Fci-token']) {
      const one = await call('GET', `${api}/servicesNS/nobody/splunk_httpinput/data/inputs/http/${path}?output_mode=json`, { auth: admin });
      expect(one.json().entry[0].content.token).toBe(token);
    }
    const edited = await call('POST', `${api}/services/data/inputs/http/ci-token?output_mode=json`, { auth: admin, form: { useACK: '1' } });
    expect(edited.json().entry[0].content.useACK).toBe(true);
    expect((await sendEvent(token, { event: 'needs a channel now' })).json()).toMatchObject({ code: 10 });
    await call('POST', `${api}/services/data/inputs/http/ci-token?output_mode=json`, { auth: admin, form: { useACK: '0' } });

    expect((await call('POST', `${api}/services/data/inputs/http/ci-token/disable?output_mode=json`, { auth: admin })).json().entry[0].content.disabled).toBe(true);
    const disabled = await sendEvent(token, { event: 'x' });
    expect([disabled.status, disabled.json()]).toEqual([403, { text: 'Token disabled', code: 1 }]);
    await call('POST', `${api}/services/data/inputs/http/ci-token/enable?output_mode=json`, { auth: admin });
    expect((await sendEvent(token, { event: 'again' })).status).toBe(200);

    const deleted = await call('DELETE', `${api}/servicesNS/nobody/splunk_httpinput/data/inputs/http/http%3A%2F%2Fci-token?output_mode=json`, { auth: admin });
    expect(deleted.status).toBe(200);
    expect(deleted.json().entry.map((e: { name: string }) => e.name)).toEqual(['http://hec-mock']);
    const refused = await sendEvent(token, { event: 'gone' });
    expect([refused.status, refused.json()]).toEqual([403, { text: 'Invalid token', code: 4 }]);
  });

  it('takes a given token value and useACK, and refuses a name or token already there (409) or bad arguments (400) without changing anything', async () => {
    const token = '12345678-1234-1234-1234-1234567890ab';
    const created = await call('POST', `${api}/services/data/inputs/http?output_mode=json`, { auth: admin, form: { name: 'given', token, useACK: 'true' } });
    expect(created.json().entry[0].content).toMatchObject({ token, useACK: true });
    for (const form of [{ name: 'given' }, { name: 'other', token }] as Array<Record<string, string>>) {
      const conflict = await call('POST', `${api}/services/data/inputs/http?output_mode=json`, { auth: admin, form });
      expect(conflict.status).toBe(409);
      expect(conflict.json().messages[0].type).toBe('ERROR');
    }
    for (const form of [{}, { name: 'bad', useACK: 'maybe' }, { name: 'bad', index: 'a', indexes: 'b,c' }, { name: 'bad', colour: 'red' }] as Array<Record<string, string>>) {
      expect((await call('POST', `${api}/services/data/inputs/http?output_mode=json`, { auth: admin, form })).status).toBe(400);
    }
    expect((await call('GET', `${api}/services/data/inputs/http/bad?output_mode=json`, { auth: admin })).status).toBe(404);
    await call('DELETE', `${api}/services/data/inputs/http/given`, { auth: admin });
  });

  it('lists tokens as Atom XML by default', async () => {
    const answer = await call('GET', `${api}/services/data/inputs/http`, { auth: admin });
    expect(answer.headers['content-type']).toMatch(/^text\/xml/);
    expect(answer.text).toContain('<feed xmlns="http://www.w3.org/2005/Atom"');
    expect(answer.text).toContain('<title>http://hec-mock</title>');
    expect(answer.text).toContain('<s:key name="token">00000000-0000-0000-0000-0000000000aa</s:key>');
  });

  it('switches HEC off globally (the port stops listening) and on again (data/inputs/http/http)', async () => {
    const off = await call('POST', `${api}/servicesNS/admin/splunk_httpinput/data/inputs/http/http/disable?output_mode=json`, { auth: admin });
    expect(off.json().entry[0].content.disabled).toBe(true);
    await expect(sendEvent('00000000-0000-0000-0000-0000000000aa', { event: 'x' })).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    // The inspection API stays reachable on the management port.
    expect((await call('GET', `${api}/__mock/counts`)).status).toBe(200);
    const on = await call('POST', `${api}/servicesNS/admin/splunk_httpinput/data/inputs/http/http?output_mode=json`, { auth: admin, form: { disabled: '0' } });
    expect(on.json().entry[0].content.disabled).toBe(false);
    expect((await sendEvent('00000000-0000-0000-0000-0000000000aa', { event: 'back' })).status).toBe(200);
  });
});

describe('searching what was indexed', () => {
  beforeAll(async () => {
    compat.hec.reset();
    for (const [i, sourcetype] of ['search:a', 'search:a', 'search:b'].entries()) await sendEvent('00000000-0000-0000-0000-0000000000aa', { event: `needle ${i}`, sourcetype, index: 'main', host: `h${i}` });
  });

  it('streams search/jobs/export as JSON lines, the last with lastrow', async () => {
    const answer = await call('POST', `${api}/services/search/jobs/export`, { auth: admin, form: { search: 'search index=main sourcetype=search:* needle', output_mode: 'json' } });
    const lines = answer.text.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => [l.offset, l.result._raw, l.lastrow])).toEqual([
      [0, 'needle 2', undefined],
      [1, 'needle 1', undefined],
      [2, 'needle 0', true],
    ]);
    expect(lines[0].preview).toBe(false);
  });

  it('answers exec_mode=oneshot with fields and results, in JSON, CSV or XML', async () => {
    const json = await call('POST', `${api}/services/search/jobs?output_mode=json`, { auth: admin, form: { search: 'search sourcetype=search:* | stats count by sourcetype', exec_mode: 'oneshot' } });
    expect(json.json()).toMatchObject({ preview: false, init_offset: 0, fields: [{ name: 'sourcetype' }, { name: 'count' }], results: [{ sourcetype: 'search:a', count: '2' }, { sourcetype: 'search:b', count: '1' }] });
    const csv = await call('POST', `${api}/services/search/jobs`, { auth: admin, form: { search: 'search needle | stats count', exec_mode: 'oneshot', output_mode: 'csv' } });
    expect(csv.text).toBe('count\n3\n');
    const xml = await call('POST', `${api}/services/search/jobs`, { auth: admin, form: { search: 'search needle | head 1', exec_mode: 'oneshot' } });
    expect(xml.text).toContain("<v xml:space='preserve' trunc='0'>needle 2</v>");
  });

  it('creates a normal job whose status is DONE and whose results can be paged', async () => {
    const created = await call('POST', `${api}/servicesNS/admin/search/search/jobs?output_mode=json`, { auth: admin, form: { search: 'search needle' } });
    expect(created.status).toBe(201);
    const sid = created.json<{ sid: string }>().sid;
    const job = await call('GET', `${api}/services/search/jobs/${sid}?output_mode=json`, { auth: admin });
    expect(job.json().entry[0].content).toMatchObject({ sid, dispatchState: 'DONE', isDone: true, eventCount: 3, resultCount: 3 });
    const results = await call('GET', `${api}/services/search/v2/jobs/${sid}/results?output_mode=json&count=2&offset=1`, { auth: admin });
    expect(results.json()).toMatchObject({ init_offset: 1, results: [{ _raw: 'needle 1' }, { _raw: 'needle 0' }] });
    expect((await call('DELETE', `${api}/services/search/jobs/${sid}?output_mode=json`, { auth: admin })).status).toBe(200);
    expect((await call('GET', `${api}/services/search/jobs/${sid}?output_mode=json`, { auth: admin })).status).toBe(404);
  });

  it('refuses a search without its leading command as splunkd does, and one outside the subset naming the subset', async () => {
    const bare = await call('POST', `${api}/services/search/jobs/export?output_mode=json`, { auth: admin, form: { search: 'index=main needle' } });
    expect(bare.status).toBe(400);
    expect(bare.json().messages[0]).toEqual({ type: 'FATAL', text: "Unknown search command 'index'." });
    const outside = await call('POST', `${api}/services/search/jobs?output_mode=json`, { auth: admin, form: { search: 'search needle | timechart count', exec_mode: 'oneshot' } });
    expect(outside.status).toBe(400);
    expect(outside.json().messages[0].text).toContain(SPL_SUBSET);
  });
});
