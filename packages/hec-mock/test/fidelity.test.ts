// One test per row of the README's fidelity table (F01...): what the mock answers where real
// Splunk's answer was measured, or set by its .spec files. A test at the end holds the table
// and these tests to the same list of rows.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { deflateSync, gzipSync } from 'node:zlib';
import { startHecMock, type HecMock } from '../src/server.js';
import { auth, newChannel, TOKEN } from './helpers.js';

const NOACK = 'aaaaaaaa-0000-0000-0000-000000000000';
const LIMITED = 'bbbbbbbb-0000-0000-0000-000000000000';
const NOT_FOUND = { text: 'The requested URL was not found on this server.', code: 404 };

let mock: HecMock;
beforeAll(async () => {
  mock = await startHecMock({
    tokens: [{ token: TOKEN, ack: true }, { token: NOACK, ack: false }, { token: LIMITED, ack: false, allowedIndexes: ['main'] }],
    ackOptions: { indexingDelayMs: 5 },
    maxEventBytes: 1000,
  });
});
afterAll(() => mock.stop());
beforeEach(() => mock.reset());

async function call(method: string, path: string, options: { body?: string | Buffer; headers?: Record<string, string>; base?: string } = {}) {
  const response = await fetch(`${options.base ?? mock.url}${path}`, { method, headers: options.headers ?? {}, ...(options.body !== undefined ? { body: options.body } : {}) });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}
const post = (path: string, body: string | Buffer, headers: Record<string, string> = auth(NOACK)) => call('POST', path, { body, headers });
const indexed = () => mock.events().map((e) => e.event);
const EVENT = '/services/collector/event';
const HEC_PATHS = ['/services/collector', EVENT, '/services/collector/event/1.0', '/services/collector/raw', '/services/collector/raw/1.0', '/services/collector/ack'];

describe('HTTP methods', () => {
  it('F01 OPTIONS on every HEC path answers 200, empty, without a token, with Allow', async () => {
    for (const path of HEC_PATHS) {
      const answer = await call('OPTIONS', path);
      expect([path, answer.status, answer.text, answer.headers.get('allow')]).toEqual([path, 200, '', 'POST,OPTIONS']);
    }
    const health = await call('OPTIONS', '/services/collector/health');
    expect([health.status, health.headers.get('allow')]).toEqual([200, 'GET,HEAD,OPTIONS']);
  });

  it('F02 another method on a HEC path answers 405 with Allow and splunkd\'s not-found body', async () => {
    for (const [method, path, allow] of [['GET', EVENT, 'POST,OPTIONS'], ['PUT', '/services/collector/raw', 'POST,OPTIONS'], ['GET', '/services/collector/ack', 'POST,OPTIONS'], ['POST', '/services/collector/health', 'GET,HEAD,OPTIONS']] as const) {
      const answer = await call(method, path, method === 'GET' ? {} : { body: '{"event":"x"}', headers: auth(NOACK) });
      expect([answer.status, answer.json, answer.headers.get('allow')]).toEqual([405, NOT_FOUND, allow]);
    }
    expect(indexed()).toEqual([]);
  });

  it('F03 HEAD on health answers 200 with no body', async () => {
    const answer = await call('HEAD', '/services/collector/health');
    expect([answer.status, answer.text]).toEqual([200, '']);
  });

  it('F04 an unknown collector path answers 404 with splunkd\'s body', async () => {
    const answer = await post('/services/collector/not-a-real-endpoint', '{"event":"x"}');
    expect([answer.status, answer.json]).toEqual([404, NOT_FOUND]);
  });
});

describe('authentication order', () => {
  it('F05 a ?token= is read first: unknown is code 4, known is code 16 even beside a valid header, allowed is 200', async () => {
    expect((await post(`${EVENT}?token=unknown-token`, '{"event":"x"}', {})).json).toEqual({ text: 'Invalid token', code: 4 });
    expect((await post(`${EVENT}?token=${NOACK}`, '{"event":"x"}', {})).json).toEqual({ text: 'Query string authorization is not enabled', code: 16 });
    expect((await post(`${EVENT}?token=${NOACK}`, '{"event":"x"}', auth(NOACK))).json).toEqual({ text: 'Query string authorization is not enabled', code: 16 });
    const open = await startHecMock({ tokens: [{ token: NOACK, ack: false }], allowQueryStringToken: true });
    try {
      expect((await call('POST', `${EVENT}?token=${NOACK}`, { base: open.url, body: '{"event":"x"}' })).json).toEqual({ text: 'Success', code: 0 });
    } finally {
      await open.stop();
    }
    expect(indexed()).toEqual([]);
  });

  it('F06 no token is code 2, a Bearer or broken header code 3, Basic with the token as password is accepted', async () => {
    expect((await post(EVENT, '{"event":"x"}', {})).json).toEqual({ text: 'Token is required', code: 2 });
    expect((await post(EVENT, '{"event":"x"}', { Authorization: `Bearer ${NOACK}` })).json).toEqual({ text: 'Invalid authorization', code: 3 });
    const basic = `Basic ${Buffer.from(`x:${NOACK}`).toString('base64')}`;
    expect((await post(EVENT, '{"event":"x"}', { Authorization: basic })).json).toEqual({ text: 'Success', code: 0 });
  });
});

describe('event body shapes', () => {
  it('F07 a top-level JSON array is a batch; its elements are numbered in invalid-event-number', async () => {
    expect((await post(EVENT, '[{"event":"a"},{"event":"b"}]\n{"event":"c"}')).json).toEqual({ text: 'Success', code: 0 });
    expect(indexed()).toEqual(['a', 'b', 'c']);
    mock.reset();
    expect((await post(EVENT, '[{"event":"a"},{"event":""}]')).json).toEqual({ text: 'Event field cannot be blank', code: 13, 'invalid-event-number': 1 });
    expect(indexed()).toEqual(['a']);
  });

  it('F08 an object with fields and no event is skipped with a 200; one with neither is code 12', async () => {
    expect((await post(EVENT, '{"event":"a"}{"fields":{"k":"v"}}{"event":"c"}')).json).toEqual({ text: 'Success', code: 0 });
    expect(indexed()).toEqual(['a', 'c']);
    mock.reset();
    expect((await post(EVENT, '{"event":"a"}{"time":1}{"event":"c"}')).json).toEqual({ text: 'Event field is required', code: 12, 'invalid-event-number': 1 });
    expect(indexed()).toEqual(['a']);
  });

  it('F09 an object with no event whose fields carry a measurement is a metric event', async () => {
    expect((await post(EVENT, '{"fields":{"metric_name:cpu.idle":"97.5","host_type":"vm"}}')).json).toEqual({ text: 'Success', code: 0 });
    expect(mock.events()).toMatchObject([{ event: 'metric', fields: { 'metric_name:cpu.idle': '97.5', host_type: 'vm' } }]);
  });

  it('F10 an unknown top-level key ends the batch with a 200 (the objects before it indexed); alone it is code 5', async () => {
    expect((await post(EVENT, '{"event":"a"}{"event":"b","colour":"red"}{"event":"c"}')).json).toEqual({ text: 'Success', code: 0 });
    expect(indexed()).toEqual(['a']);
    expect((await post(EVENT, '{"event":"b","colour":"red"}')).json).toEqual({ text: 'No data', code: 5 });
    expect(indexed()).toEqual(['a']);
  });

  it('F11 fields take strings, numbers, booleans, null and arrays; a nested object is code 15; fields as an array is code 6', async () => {
    const flat = { s: 'x', n: 1.5, b: true, z: null, a: ['x', 2, false] };
    expect((await post(EVENT, JSON.stringify({ event: 'ok', fields: flat }))).json).toEqual({ text: 'Success', code: 0 });
    expect(mock.events()[0]!.fields).toEqual(flat);
    expect((await post(EVENT, '{"event":"n","fields":{"o":{"x":1}}}')).json).toEqual({ text: 'Error in handling indexed fields', code: 15, 'invalid-event-number': 0 });
    expect((await post(EVENT, '{"event":"n","fields":{"a":[{"x":1}]}}')).json).toEqual({ text: 'Error in handling indexed fields', code: 15, 'invalid-event-number': 0 });
    expect((await post(EVENT, '{"event":"n","fields":["a","b"]}')).json).toEqual({ text: 'Invalid data format', code: 6, 'invalid-event-number': 0 });
    expect(indexed()).toEqual(['ok']);
  });

  it('F12 codes 6, 12, 13 and 15 name the bad object, the ones before it indexed and none after; code 7 names the object after', async () => {
    const cases: Array<[string, object]> = [
      ['{"event":"a"}{"event":"b"}{"event":', { text: 'Invalid data format', code: 6, 'invalid-event-number': 2 }],
      ['{"event":"a"}{"event":"b"}{"host":"h"}{"event":"d"}', { text: 'Event field is required', code: 12, 'invalid-event-number': 2 }],
      ['{"event":"a"}{"event":"b"}{"event":""}{"event":"d"}', { text: 'Event field cannot be blank', code: 13, 'invalid-event-number': 2 }],
      ['{"event":"a"}{"event":"b"}{"event":"c","fields":{"o":{}}}{"event":"d"}', { text: 'Error in handling indexed fields', code: 15, 'invalid-event-number': 2 }],
    ];
    for (const [body, answer] of cases) {
      mock.reset();
      expect((await post(EVENT, body)).json).toEqual(answer);
      expect(indexed()).toEqual(['a', 'b']);
    }
    mock.reset();
    expect((await post(EVENT, '{"event":"a"}{"event":"b"}{"event":"c","index":"secret"}{"event":"d"}', auth(LIMITED))).json).toEqual({ text: 'Incorrect index', code: 7, 'invalid-event-number': 3 });
    expect(indexed()).toEqual(['a', 'b']);
  });

  it('F13 with acks, an error after a non-empty prefix carries the ackId that covers it; an error at object 0 carries none', async () => {
    const channel = newChannel();
    const headers = { ...auth(TOKEN), 'X-Splunk-Request-Channel': channel };
    expect((await post(EVENT, '{"event":"a"}{"event":', headers)).json).toEqual({ text: 'Invalid data format', code: 6, 'invalid-event-number': 1, ackId: 0 });
    expect((await post(EVENT, '{"event":', headers)).json).toEqual({ text: 'Invalid data format', code: 6, 'invalid-event-number': 0 });
    await new Promise((r) => setTimeout(r, 20));
    expect((await post('/services/collector/ack', '{"acks":[0]}', headers)).json).toEqual({ acks: { '0': true } });
  });
});

describe('limits', () => {
  it('F14 an event over maxEventSize is a parsing error, code 6 naming it', async () => {
    const big = JSON.stringify({ event: 'x'.repeat(2000) });
    expect((await post(EVENT, `{"event":"a"}\n${big}\n{"event":"c"}`)).json).toEqual({ text: 'Invalid data format', code: 6, 'invalid-event-number': 1 });
    expect(indexed()).toEqual(['a']);
    // An array element is measured on its own once the array is larger than the limit.
    mock.reset();
    expect((await post(EVENT, JSON.stringify([{ event: 'a' }, JSON.parse(big)]))).json).toEqual({ text: 'Invalid data format', code: 6, 'invalid-event-number': 1 });
  });

  it('F15 past max_content_length Splunk Enterprise answers 413 with an HTML page, indexing nothing; the default is 838,860,800 bytes', async () => {
    const small = await startHecMock({ tokens: [{ token: NOACK, ack: false }], maxBodyBytes: 1024 });
    try {
      const answer = await call('POST', EVENT, { base: small.url, body: `{"event":"${'x'.repeat(5000)}"}`, headers: auth(NOACK) });
      expect(answer.status).toBe(413);
      expect(answer.headers.get('content-type')).toContain('text/html');
      expect(answer.text).toContain('<html>');
      expect(small.events()).toEqual([]);
      expect((await call('POST', EVENT, { base: small.url, body: '{"event":"fits"}', headers: auth(NOACK) })).status).toBe(200);
    } finally {
      await small.stop();
    }
    const { ENTERPRISE_MAX_CONTENT_LENGTH } = await import('../src/server.js');
    expect(ENTERPRISE_MAX_CONTENT_LENGTH).toBe(838_860_800);
  });

  it('F16 Splunk Cloud refuses a body over its 5,242,880-byte cap with 400 code 6 naming object 0', async () => {
    const cloud = await startHecMock({ flavor: 'cloud', tokens: [{ token: NOACK, ack: false }] });
    try {
      const over = `{"event":"${'x'.repeat(5_242_880)}"}`;
      const answer = await call('POST', EVENT, { base: cloud.url, body: over, headers: auth(NOACK) });
      expect([answer.status, answer.json]).toEqual([400, { text: 'Invalid data format', code: 6, 'invalid-event-number': 0 }]);
      expect(cloud.events()).toEqual([]);
    } finally {
      await cloud.stop();
    }
  });
});

describe('channels', () => {
  it('F17 raw without a channel is indexed when the token has no ack', async () => {
    expect((await post('/services/collector/raw', 'line one\nline two')).json).toEqual({ text: 'Success', code: 0 });
    expect(indexed()).toEqual(['line one', 'line two']);
  });

  it('F18 a missing channel on a token with acks is code 10 on Enterprise and code 28 on Splunk Cloud', async () => {
    expect((await post(EVENT, '{"event":"x"}', auth(TOKEN))).json).toEqual({ text: 'Data channel is missing', code: 10 });
    const cloud = await startHecMock({ flavor: 'cloud', tokens: [{ token: TOKEN, ack: true }] });
    try {
      const answer = await call('POST', EVENT, { base: cloud.url, body: '{"event":"x"}', headers: auth(TOKEN) });
      expect([answer.status, (answer.json as { code: number }).code]).toEqual([400, 28]);
      expect((answer.json as { text: string }).text).toMatch(/^Data channel is missing\. If you have multiple indexers, sticky session load balancers/);
    } finally {
      await cloud.stop();
    }
  });
});

describe('Content-Encoding', () => {
  it('F19 gzip is read on /event and /raw; deflate and other encodings are 415 with an HTML page', async () => {
    expect((await post(EVENT, gzipSync('{"event":"zipped"}'), { ...auth(NOACK), 'Content-Encoding': 'gzip' })).json).toEqual({ text: 'Success', code: 0 });
    expect((await post('/services/collector/raw', gzipSync('raw zipped'), { ...auth(NOACK), 'Content-Encoding': 'gzip' })).status).toBe(200);
    expect(indexed()).toEqual(['zipped', 'raw zipped']);
    for (const encoding of ['deflate', 'br', 'zstd']) {
      const answer = await post(EVENT, deflateSync('{"event":"x"}'), { ...auth(NOACK), 'Content-Encoding': encoding });
      expect([answer.status, answer.headers.get('content-type')]).toEqual([415, 'text/html; charset=UTF-8']);
    }
    expect(indexed()).toEqual(['zipped', 'raw zipped']);
  });

  it('F20 a gzip body that does not decompress is code 6 with no invalid-event-number, nothing indexed', async () => {
    const corrupt = gzipSync('{"event":"a"}{"event":"b"}');
    corrupt[corrupt.length - 6] = (corrupt[corrupt.length - 6] ?? 0) ^ 0xff;
    expect((await post(EVENT, corrupt, { ...auth(NOACK), 'Content-Encoding': 'gzip' })).json).toEqual({ text: 'Invalid data format', code: 6 });
    expect(indexed()).toEqual([]);
  });
});

describe('acks and health', () => {
  it('F21 ack ids count from 0 per channel; true once, then false; false on another channel', async () => {
    const a = newChannel();
    const b = newChannel();
    const headers = (channel: string) => ({ ...auth(TOKEN), 'X-Splunk-Request-Channel': channel });
    expect((await post(EVENT, '{"event":1}', headers(a))).json).toEqual({ text: 'Success', code: 0, ackId: 0 });
    expect((await post(EVENT, '{"event":2}', headers(a))).json).toEqual({ text: 'Success', code: 0, ackId: 1 });
    await new Promise((r) => setTimeout(r, 20));
    expect((await post('/services/collector/ack', '{"acks":[0,1]}', headers(b))).json).toEqual({ acks: { '0': false, '1': false } });
    expect((await post('/services/collector/ack', '{"acks":[0,1]}', headers(a))).json).toEqual({ acks: { '0': true, '1': true } });
    expect((await post('/services/collector/ack', '{"acks":[0]}', headers(a))).json).toEqual({ acks: { '0': false } });
  });

  it('F22 health answers without a token', async () => {
    const answer = await call('GET', '/services/collector/health');
    expect([answer.status, answer.json]).toEqual([200, { text: 'HEC is healthy', code: 17 }]);
  });
});

it('every row of the README fidelity table has a test here, and every test a row', () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const rows = [...readme.matchAll(/^\| (F\d\d) \|/gm)].map((m) => m[1]);
  const source = readFileSync(new URL('./fidelity.test.ts', import.meta.url), 'utf8');
  const tests = [...source.matchAll(/it\('(F\d\d) /g)].map((m) => m[1]);
  expect(rows.length).toBeGreaterThanOrEqual(22);
  expect(rows).toEqual(tests);
});
