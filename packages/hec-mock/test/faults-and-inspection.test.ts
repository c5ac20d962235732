import { afterEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHecMock, type HecMock } from '../src/server.js';
import { auth, newChannel, post, TOKEN } from './helpers.js';

let mock: HecMock | undefined;
afterEach(async () => {
  await mock?.stop();
  mock = undefined;
});

const send = (m: HecMock, body = '{"event":"x"}') => post(`${m.url}/services/collector/event?channel=${CHANNEL}`, body, auth());
const CHANNEL = newChannel();

describe('fault injection', () => {
  it('plays a scripted sequence, then answers normally', async () => {
    mock = await startHecMock({ tokens: [TOKEN], faults: { script: ['busy', 'internal', 'ok'] } });
    expect(await send(mock)).toEqual({ status: 503, body: { text: 'Server is busy', code: 9 } });
    expect(await send(mock)).toEqual({ status: 500, body: { text: 'Internal server error', code: 8 } });
    expect((await send(mock)).status).toBe(200);
    expect((await send(mock)).status).toBe(200);
    expect(mock.counters().faultsInjected).toEqual({ busy: 1, internal: 1 });
    expect(mock.events()).toHaveLength(2);
  });

  it('drops connections without an answer', async () => {
    mock = await startHecMock({ tokens: [TOKEN], faults: { script: ['drop'] } });
    await expect(send(mock)).rejects.toThrow();
    expect((await send(mock)).status).toBe(200);
  });

  it('answers busy with the configured probability', async () => {
    let i = 0;
    const sequence = [0.1, 0.9, 0.2, 0.8];
    mock = await startHecMock({ tokens: [TOKEN], faults: { busyProbability: 0.5 }, random: () => sequence[i++ % sequence.length]! });
    const statuses = [];
    for (let k = 0; k < 4; k++) statuses.push((await send(mock)).status);
    expect(statuses).toEqual([503, 200, 503, 200]);
  });

  it('delays answers when slow', async () => {
    mock = await startHecMock({ tokens: [TOKEN], faults: { latencyMs: 150 } });
    const started = Date.now();
    await send(mock);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('can make acks never turn true', async () => {
    mock = await startHecMock({ tokens: [TOKEN], ackOptions: { indexingDelayMs: 0 }, faults: { ackNeverProbability: 1 } });
    const { body } = await send(mock);
    await new Promise((r) => setTimeout(r, 30));
    const answer = await post(`${mock.url}/services/collector/ack?channel=${CHANNEL}`, JSON.stringify({ acks: [body.ackId] }), auth());
    expect(answer.body).toEqual({ acks: { '0': false } });
  });

  it('changes faults at run time through the HTTP API and validates them', async () => {
    mock = await startHecMock({ tokens: [TOKEN] });
    const set = await fetch(`${mock.url}/__mock/faults`, { method: 'POST', body: JSON.stringify({ script: ['busy'] }) });
    expect(set.status).toBe(200);
    expect((await send(mock)).status).toBe(503);
    const bad = await fetch(`${mock.url}/__mock/faults`, { method: 'POST', body: JSON.stringify({ busyProbability: 3 }) });
    expect([bad.status, await bad.json()]).toEqual([400, { error: 'busyProbability must be a number from 0 to 1' }]);
  });
});

describe('inspection API', () => {
  it('lists events by index and sourcetype, counts them, and resets', async () => {
    mock = await startHecMock({ tokens: [TOKEN] });
    await send(mock, '{"event":"a","index":"net","sourcetype":"vpc"}{"event":"b","index":"app","sourcetype":"json"}{"event":"c","index":"net","sourcetype":"json"}');
    const byIndex = (await (await fetch(`${mock.url}/__mock/events?index=net`)).json()) as { count: number; events: Array<{ event: string }> };
    expect(byIndex.events.map((e) => e.event)).toEqual(['a', 'c']);
    const both = (await (await fetch(`${mock.url}/__mock/events?index=net&sourcetype=json`)).json()) as { count: number };
    expect(both.count).toBe(1);
    const counts = (await (await fetch(`${mock.url}/__mock/counts`)).json()) as Record<string, unknown>;
    expect(counts).toMatchObject({ requests: 1, eventsIndexed: 3, byIndex: { net: 2, app: 1 }, bySourcetype: { vpc: 1, json: 2 }, acksIssued: 1, channels: 1 });
    expect((await fetch(`${mock.url}/__mock/reset`, { method: 'POST' })).status).toBe(200);
    expect(mock.counters().eventsIndexed).toBe(0);
    expect(mock.events()).toEqual([]);
  });

  it('keeps the newest maxEvents in memory, counts the rest, and can write them all to JSONL', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'hec-mock-')), 'events.jsonl');
    mock = await startHecMock({ tokens: [TOKEN], maxEvents: 2, jsonlPath: path });
    await send(mock, '{"event":"1"}{"event":"2"}{"event":"3"}{"event":"4"}');
    expect(mock.events().map((e) => e.event)).toEqual(['3', '4']);
    expect(mock.counters()).toMatchObject({ eventsIndexed: 4, eventsEvicted: 2 });
    const lines = readFileSync(path, 'utf8').trim().split('\n').map((l) => JSON.parse(l).event);
    expect(lines).toEqual(['1', '2', '3', '4']);
  });
});
