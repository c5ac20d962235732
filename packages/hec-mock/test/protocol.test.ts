import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { gzipSync } from 'node:zlib';
import { startHecMock, type HecMock } from '../src/server.js';
import { auth, newChannel, post, TOKEN } from './helpers.js';

let mock: HecMock;
const NOACK = 'aaaaaaaa-0000-0000-0000-000000000000';
const LIMITED = 'bbbbbbbb-0000-0000-0000-000000000000';
const DISABLED = 'cccccccc-0000-0000-0000-000000000000';

beforeAll(async () => {
  mock = await startHecMock({
    tokens: [
      { token: TOKEN, name: 'firehose', ack: true, defaultIndex: 'aws', defaultSourcetype: 'aws:firehose' },
      { token: NOACK, ack: false },
      { token: LIMITED, ack: false, allowedIndexes: ['allowed'], defaultIndex: 'allowed' },
      { token: DISABLED, disabled: true },
    ],
    ackOptions: { indexingDelayMs: 30 },
  });
});
afterAll(() => mock.stop());
beforeEach(() => mock.reset());

const eventUrl = () => `${mock.url}/services/collector/event`;

describe('authentication', () => {
  it.each([
    [{}, 401, 2, 'Token is required'],
    [{ Authorization: 'Bearer xyz' }, 401, 3, 'Invalid authorization'],
    [{ Authorization: 'Splunk not-a-token' }, 403, 4, 'Invalid token'],
    [{ Authorization: `Splunk ${DISABLED}` }, 403, 1, 'Token disabled'],
  ])('answers %j with %i code %i', async (headers, status, code, text) => {
    const response = await post(eventUrl(), '{"event":"x"}', headers as Record<string, string>);
    expect(response).toEqual({ status, body: { text, code } });
  });

  it('accepts HTTP Basic with the token as password', async () => {
    const basic = `Basic ${Buffer.from(`anyone:${NOACK}`).toString('base64')}`;
    expect(await post(eventUrl(), '{"event":"x"}', { Authorization: basic })).toEqual({ status: 200, body: { text: 'Success', code: 0 } });
  });

  it('refuses a query-string token unless the server allows it', async () => {
    expect(await post(`${eventUrl()}?token=${NOACK}`, '{"event":"x"}')).toEqual({
      status: 400,
      body: { text: 'Query string authorization is not enabled', code: 16 },
    });
    const open = await startHecMock({ tokens: [{ token: NOACK, ack: false }], allowQueryStringToken: true });
    try {
      expect((await post(`${open.url}/services/collector/event?token=${NOACK}`, '{"event":"x"}')).status).toBe(200);
    } finally {
      await open.stop();
    }
  });
});

describe('event endpoint', () => {
  it('indexes concatenated JSON objects with metadata and token defaults, on every event path', async () => {
    const body = '{"event":"one","time":1700000000.123,"host":"h","source":"s","sourcetype":"st","index":"i","fields":{"a":"1","b":[1,2]}}{"event":{"k":"v"},"time":"1700000001"}\n{"event":"three"}';
    for (const path of ['/services/collector/event', '/services/collector/event/1.0', '/services/collector']) {
      expect((await post(`${mock.url}${path}`, body, auth(NOACK))).status).toBe(200);
    }
    const events = mock.events();
    expect(events).toHaveLength(9);
    expect(events[0]).toMatchObject({ event: 'one', time: 1700000000.123, host: 'h', source: 's', sourcetype: 'st', index: 'i', fields: { a: '1', b: [1, 2] } });
    expect(events[1]).toMatchObject({ event: { k: 'v' }, time: 1700000001, index: 'main', sourcetype: 'httpevent', source: 'http:hec-mock' });
  });

  it.each([
    ['', 400, { text: 'No data', code: 5 }],
    ['   \n', 400, { text: 'No data', code: 5 }],
    ['{"event":"a"}{"time":1}', 400, { text: 'Event field is required', code: 12, 'invalid-event-number': 1 }],
    ['{"event":""}', 400, { text: 'Event field cannot be blank', code: 13, 'invalid-event-number': 0 }],
    ['{"event":"a"}{"event":"b"}{"event":', 400, { text: 'Invalid data format', code: 6, 'invalid-event-number': 2 }],
    ['{"event":"a","time":"yesterday"}', 400, { text: 'Invalid data format', code: 6, 'invalid-event-number': 0 }],
    ['{"event":"a","fields":{"nested":{"x":1}}}', 400, { text: 'Error in handling indexed fields', code: 15, 'invalid-event-number': 0 }],
  ])('answers %j as HEC does', async (body, status, expected) => {
    expect(await post(eventUrl(), body, auth(NOACK))).toEqual({ status, body: expected });
  });

  it('indexes the events before a bad one and none after it', async () => {
    await post(eventUrl(), '{"event":"a"}\n{"event":"b"}\n{"event":""}\n{"event":"d"}', auth(NOACK));
    expect(mock.events().map((e) => e.event)).toEqual(['a', 'b']);
  });

  it('rejects an index the token may not write to', async () => {
    expect(await post(eventUrl(), '{"event":"a","index":"secret"}', auth(LIMITED))).toEqual({
      status: 400,
      // Splunk names the object after the one with the disallowed index (see the fidelity table).
      body: { text: 'Incorrect index', code: 7, 'invalid-event-number': 1 },
    });
    expect((await post(eventUrl(), '{"event":"a"}', auth(LIMITED))).status).toBe(200);
    expect(mock.events()[0]!.index).toBe('allowed');
  });

  it('reads gzip request bodies', async () => {
    const body = gzipSync('{"event":"zipped"}');
    expect((await post(eventUrl(), body, { ...auth(NOACK), 'Content-Encoding': 'gzip' })).status).toBe(200);
    expect(mock.events()[0]!.event).toBe('zipped');
    expect(await post(eventUrl(), Buffer.from('not gzip'), { ...auth(NOACK), 'Content-Encoding': 'gzip' })).toEqual({
      status: 400,
      body: { text: 'Invalid data format', code: 6 },
    });
  });
});

describe('raw endpoint', () => {
  it('splits the body into events by line, with metadata from the query string', async () => {
    const channel = newChannel();
    const url = `${mock.url}/services/collector/raw?sourcetype=aws:cloudwatchlogs:vpcflow&index=net&host=h1&channel=${channel}`;
    expect(await post(url, 'line one\nline two\r\n\nline three\n', auth(NOACK))).toEqual({ status: 200, body: { text: 'Success', code: 0 } });
    expect(mock.events().map((e) => [e.event, e.sourcetype, e.index, e.host, e.endpoint])).toEqual([
      ['line one', 'aws:cloudwatchlogs:vpcflow', 'net', 'h1', 'raw'],
      ['line two', 'aws:cloudwatchlogs:vpcflow', 'net', 'h1', 'raw'],
      ['line three', 'aws:cloudwatchlogs:vpcflow', 'net', 'h1', 'raw'],
    ]);
  });

  it('requires a channel when the token uses acks, and a GUID one when given', async () => {
    expect(await post(`${mock.url}/services/collector/raw`, 'x', auth())).toEqual({ status: 400, body: { text: 'Data channel is missing', code: 10 } });
    expect(await post(`${mock.url}/services/collector/raw/1.0?channel=abc`, 'x', auth(NOACK))).toEqual({
      status: 400,
      body: { text: 'Invalid data channel', code: 11 },
    });
  });
});

describe('indexer acknowledgement', () => {
  const ackQuery = (channel: string, acks: number[], token = TOKEN) =>
    post(`${mock.url}/services/collector/ack`, JSON.stringify({ acks }), { ...auth(token), 'X-Splunk-Request-Channel': channel });

  it('requires a channel when ack is on', async () => {
    expect(await post(eventUrl(), '{"event":"x"}', auth())).toEqual({ status: 400, body: { text: 'Data channel is missing', code: 10 } });
    expect(await post(`${eventUrl()}?channel=nope`, '{"event":"x"}', auth())).toEqual({ status: 400, body: { text: 'Invalid data channel', code: 11 } });
  });

  it('numbers acks from 0 per channel and turns them true after the indexing delay', async () => {
    const a = newChannel();
    const b = newChannel();
    const send = (channel: string) => post(eventUrl(), '{"event":"x"}', { ...auth(), 'X-Splunk-Request-Channel': channel });
    expect((await send(a)).body).toEqual({ text: 'Success', code: 0, ackId: 0 });
    expect((await send(a)).body.ackId).toBe(1);
    expect((await post(`${eventUrl()}?channel=${b}`, '{"event":"x"}', auth())).body.ackId).toBe(0);
    expect((await ackQuery(a, [0, 1, 7])).body).toEqual({ acks: { '0': false, '1': false, '7': false } });
    await new Promise((r) => setTimeout(r, 60));
    expect((await ackQuery(a, [0, 1])).body).toEqual({ acks: { '0': true, '1': true } });
    // An ack returned true is forgotten: asking again answers false.
    expect((await ackQuery(a, [1])).body).toEqual({ acks: { '1': false } });
  });

  it('answers ACK is disabled for a token without ack, and bad ack bodies as invalid data', async () => {
    expect(await ackQuery(newChannel(), [0], NOACK)).toEqual({ status: 400, body: { text: 'ACK is disabled', code: 14 } });
    const bad = await post(`${mock.url}/services/collector/ack?channel=${newChannel()}`, '{"acks":"zero"}', auth());
    expect(bad).toEqual({ status: 400, body: { text: 'Invalid data format', code: 6 } });
  });

  it('answers server busy past the pending-ack limit of a channel and the channel limit', async () => {
    const tight = await startHecMock({ tokens: [TOKEN], ackOptions: { indexingDelayMs: 60_000, maxPendingAcksPerChannel: 2, maxChannels: 2 } });
    try {
      const c = newChannel();
      const send = (channel: string) => post(`${tight.url}/services/collector/event?channel=${channel}`, '{"event":"x"}', auth());
      expect((await send(c)).status).toBe(200);
      expect((await send(c)).status).toBe(200);
      expect(await send(c)).toEqual({ status: 503, body: { text: 'Server is busy', code: 9 } });
      expect((await send(newChannel())).status).toBe(200);
      expect((await send(newChannel())).status).toBe(503);
    } finally {
      await tight.stop();
    }
  });

  it('forgets an idle channel and its acks', async () => {
    const idle = await startHecMock({ tokens: [TOKEN], ackOptions: { indexingDelayMs: 0, channelIdleTimeoutMs: 40 } });
    try {
      const c = newChannel();
      await post(`${idle.url}/services/collector/event?channel=${c}`, '{"event":"x"}', auth());
      await new Promise((r) => setTimeout(r, 80));
      const answer = await post(`${idle.url}/services/collector/ack?channel=${c}`, '{"acks":[0]}', auth());
      expect(answer.body).toEqual({ acks: { '0': false } });
      expect((await post(`${idle.url}/services/collector/event?channel=${c}`, '{"event":"x"}', auth())).body.ackId).toBe(0);
    } finally {
      await idle.stop();
    }
  });
});

describe('health', () => {
  it('answers healthy on both paths, and unhealthy when busy is injected', async () => {
    for (const path of ['/services/collector/health', '/services/collector/health/1.0']) {
      const response = await fetch(`${mock.url}${path}`);
      expect([response.status, await response.json()]).toEqual([200, { text: 'HEC is healthy', code: 17 }]);
    }
    mock.setFaults({ script: ['busy'] });
    const busy = await fetch(`${mock.url}/services/collector/health`);
    expect([busy.status, await busy.json()]).toEqual([503, { text: 'HEC is unhealthy, queues are full', code: 18 }]);
  });
});
