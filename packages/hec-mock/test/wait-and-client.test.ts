import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { request } from 'node:http';
import { HecMockClient, HecMockClientError } from '../src/client.js';
import { startHecMock, type HecMock } from '../src/server.js';
import { auth, newChannel, post, TOKEN } from './helpers.js';

let mock: HecMock;
let client: HecMockClient;
beforeEach(async () => {
  mock = await startHecMock({ tokens: [TOKEN], ackOptions: { indexingDelayMs: 20 } });
  client = new HecMockClient(mock.url);
});
afterEach(() => mock.stop());

const channel = newChannel();
const send = (events: object[], ch = channel) => post(`${mock.url}/services/collector/event?channel=${ch}`, events.map((e) => JSON.stringify(e)).join('\n'), auth());

describe('GET /__mock/events with min and wait', () => {
  it('answers as soon as enough events match, not when the wait ends', async () => {
    const started = Date.now();
    const waiting = fetch(`${mock.url}/__mock/events?sourcetype=app&min=2&wait=10000`).then((r) => r.json());
    await new Promise((r) => setTimeout(r, 50));
    await send([{ event: 'a', sourcetype: 'app' }, { event: 'other', sourcetype: 'noise' }]);
    await send([{ event: 'b', sourcetype: 'app' }]);
    const answer = (await waiting) as { count: number; events: Array<{ event: string }>; timedOut: boolean };
    expect(answer.timedOut).toBe(false);
    expect(answer.count).toBe(2);
    expect(answer.events.map((e) => e.event)).toEqual(['a', 'b']);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('says timedOut, with what did match, when the wait ends first', async () => {
    await send([{ event: 'only one', sourcetype: 'app' }]);
    const answer = (await (await fetch(`${mock.url}/__mock/events?sourcetype=app&min=3&wait=150`)).json()) as { count: number; timedOut: boolean };
    expect(answer).toMatchObject({ count: 1, timedOut: true });
  });

  it('answers at once when the events are already there, and refuses a bad parameter', async () => {
    await send([{ event: 'x' }]);
    expect(await (await fetch(`${mock.url}/__mock/events?min=1&wait=60000`)).json()).toMatchObject({ count: 1, timedOut: false });
    const bad = await fetch(`${mock.url}/__mock/events?min=two`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toContain('min');
  });

  it('filters by host, channel, text and receipt time', async () => {
    const other = newChannel();
    await send([{ event: 'from web-1', host: 'web-1' }, { event: { msg: 'payment declined' }, host: 'web-2' }]);
    // Receipt times are in milliseconds: keep a clear millisecond on each side of `between`.
    await new Promise((r) => setTimeout(r, 5));
    const between = Date.now();
    await new Promise((r) => setTimeout(r, 5));
    await send([{ event: 'later', host: 'web-1' }], other);
    const events = async (query: string) => ((await (await fetch(`${mock.url}/__mock/events?${query}`)).json()) as { events: Array<{ event: unknown }> }).events.map((e) => e.event);
    expect(await events('host=web-1')).toEqual(['from web-1', 'later']);
    expect(await events(`channel=${other}`)).toEqual(['later']);
    expect(await events('q=declined')).toEqual([{ msg: 'payment declined' }]);
    expect(await events(`since=${between}`)).toEqual(['later']);
    expect(await events('limit=1')).toEqual(['from web-1']);
  });

  it('a wait ends when the mock stops, so no request hangs', async () => {
    const waiting = fetch(`${mock.url}/__mock/events?min=5&wait=60000`).then((r) => r.json());
    await new Promise((r) => setTimeout(r, 50));
    await mock.stop();
    expect(await waiting).toMatchObject({ count: 0, timedOut: true });
  });
});

describe('HecMockClient', () => {
  it('waits for events, reads counts, sets faults and resets', async () => {
    const arrived = client.waitForEvents({ index: 'main', min: 3, timeoutMs: 5000 });
    await send([{ event: 1 }, { event: 2 }]);
    await send([{ event: 3 }]);
    expect((await arrived).map((e) => e.event)).toEqual([1, 2, 3]);
    expect(await client.counts()).toMatchObject({ eventsIndexed: 3, acksIssued: 2, channels: 1 });
    expect(await client.setFaults({ busyProbability: 1 })).toMatchObject({ busyProbability: 1 });
    expect((await send([{ event: 4 }])).status).toBe(503);
    await client.reset();
    expect(await client.events()).toEqual([]);
    expect((await client.faults()).busyProbability).toBe(0);
  });

  it('throws WAIT_TIMED_OUT with what did arrive', async () => {
    await send([{ event: 'lonely' }]);
    const error = await client.waitForEvents({ min: 2, timeoutMs: 200 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HecMockClientError);
    expect(error).toMatchObject({ code: 'WAIT_TIMED_OUT', details: { result: { count: 1 } } });
  });

  it('shows an event whole with where its ack stands', async () => {
    await send([{ event: 'acked', fields: { team: 'orders' } }]);
    const [stored] = await client.events();
    expect(await client.event(stored!.seq)).toMatchObject({ event: { event: 'acked', fields: { team: 'orders' }, ackId: 0 }, ackState: 'pending' });
    await new Promise((r) => setTimeout(r, 40));
    expect(await client.ackState(stored!.seq)).toBe('indexed');
    await post(`${mock.url}/services/collector/ack?channel=${channel}`, '{"acks":[0]}', auth());
    expect(await client.ackState(stored!.seq)).toBe('acknowledged');
  });

  it('says HEC_MOCK_UNREACHABLE when nothing listens, and HEC_MOCK_REJECTED for a refused request', async () => {
    await expect(new HecMockClient('http://127.0.0.1:9').counts()).rejects.toMatchObject({ code: 'HEC_MOCK_UNREACHABLE' });
    await expect(client.event(999)).rejects.toMatchObject({ code: 'HEC_MOCK_REJECTED', details: { status: 404 } });
  });
});

describe('the live stream behind the web view', () => {
  /** Reads Server-Sent Events until `until` says stop; returns them in order. */
  function readStream(until: (events: Array<{ event: string; data: unknown }>) => boolean, act: () => Promise<void>) {
    return new Promise<Array<{ event: string; data: unknown }>>((resolve, reject) => {
      const events: Array<{ event: string; data: unknown }> = [];
      const req = request(`${mock.url}/__mock/stream`, (res) => {
        let buffer = '';
        let acted = false;
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buffer += chunk;
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const event = /^event: (.+)$/m.exec(block)?.[1];
            const data = /^data: (.+)$/m.exec(block)?.[1];
            if (event && data) events.push({ event, data: JSON.parse(data) });
          }
          if (!acted && events.length > 0) {
            acted = true;
            void act();
          }
          if (until(events)) {
            req.destroy();
            resolve(events);
          }
        });
      });
      req.on('error', (e) => (e.message.includes('aborted') ? undefined : reject(e)));
      req.end();
    });
  }

  it('sends a snapshot, then new events batched, then a reset', async () => {
    await send([{ event: 'before', sourcetype: 'old' }]);
    const events = await readStream(
      (seen) => seen.some((e) => e.event === 'reset'),
      async () => {
        await send([{ event: 'live one', sourcetype: 'new' }, { event: 'live two', sourcetype: 'new' }]);
        await new Promise((r) => setTimeout(r, 400));
        await client.reset();
      },
    );
    const names = events.map((e) => e.event);
    expect(names[0]).toBe('snapshot');
    expect((events[0]!.data as { events: Array<{ preview: string }> }).events.map((e) => e.preview)).toEqual(['before']);
    const live = events.find((e) => e.event === 'events')!.data as { rows: Array<{ preview: string; sourcetype: string; channel: string; ackId: number }>; counters: { eventsIndexed: number } };
    expect(live.counters.eventsIndexed).toBe(3);
    expect(live.rows.map((e) => [e.preview, e.sourcetype, e.channel, e.ackId])).toEqual([
      ['live one', 'new', channel, 1],
      ['live two', 'new', channel, 1],
    ]);
    expect(names.indexOf('events')).toBeLessThan(names.indexOf('reset'));
  });
});
