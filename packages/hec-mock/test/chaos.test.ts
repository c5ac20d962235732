// The faults Splunk deployments produce, each as a client sees it: scripted, by probability,
// and through the inspection API and the command line.
import { afterEach, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startHecMock, type HecMock } from '../src/server.js';
import { auth, newChannel, post, TOKEN } from './helpers.js';

let mock: HecMock | undefined;
afterEach(async () => {
  await mock?.stop();
  mock = undefined;
});

const start = async (faults: Parameters<typeof startHecMock>[0] = {}) => {
  mock = await startHecMock({ tokens: [TOKEN], ackOptions: { indexingDelayMs: 5 }, ...faults });
  return mock;
};
const send = (m: HecMock, channel: string, body = '{"event":"x"}') => post(`${m.url}/services/collector/event`, body, { ...auth(), 'X-Splunk-Request-Channel': channel });
const ack = (m: HecMock, channel: string, ids: number[]) => post(`${m.url}/services/collector/ack`, JSON.stringify({ acks: ids }), { ...auth(), 'X-Splunk-Request-Channel': channel });
const settle = (ms = 30) => new Promise((r) => setTimeout(r, ms));

describe('what Splunk deployments do, as a client sees it', () => {
  it('200 but never indexed: the ackId never turns true and the events never appear', async () => {
    const m = await start({ faults: { script: ['ack-never'] } });
    const channel = newChannel();
    expect((await send(m, channel, '{"event":"lost"}')).body).toEqual({ text: 'Success', code: 0, ackId: 0 });
    await settle();
    expect((await ack(m, channel, [0])).body).toEqual({ acks: { '0': false } });
    expect(m.events()).toEqual([]);
    expect(m.counters()).toMatchObject({ eventsNeverIndexed: 1, faultsInjected: { 'ack-never': 1 } });
  });

  it('200 without an ackId, though the token uses acks; the events are indexed', async () => {
    const m = await start({ faults: { script: ['no-ack-id'] } });
    expect((await send(m, newChannel(), '{"event":"no id"}')).body).toEqual({ text: 'Success', code: 0 });
    expect(m.events().map((e) => [e.event, e.ackId])).toEqual([['no id', undefined]]);
  });

  it('504 from a load balancer, after HEC indexed and acked the request', async () => {
    const m = await start({ faults: { script: ['gateway-timeout'] } });
    const channel = newChannel();
    const answer = await fetch(`${m.url}/services/collector/event`, { method: 'POST', body: '{"event":"behind the LB"}', headers: { ...auth(), 'X-Splunk-Request-Channel': channel } });
    expect(answer.status).toBe(504);
    expect(await answer.text()).toContain('504 Gateway Time-out');
    expect(m.events().map((e) => e.event)).toEqual(['behind the LB']);
    await settle();
    expect((await ack(m, channel, [0])).body).toEqual({ acks: { '0': true } });
  });

  it('an indexer in detention: 404 on event and health', async () => {
    const m = await start({ faults: { script: ['detention', 'detention'] } });
    expect(await send(m, newChannel())).toEqual({ status: 404, body: { text: 'The requested URL was not found on this server.', code: 404 } });
    const health = await fetch(`${m.url}/services/collector/health`);
    expect(health.status).toBe(404);
    expect(m.events()).toEqual([]);
    expect((await send(m, newChannel())).status).toBe(200);
  });

  it('acks that turn true out of order', async () => {
    // Per request (no other fault is set, so no other roll): whether it is held back, then by
    // how much of the spread. The first ack is held back by 90% of it, the second by none.
    const rolls = [0, 0.9, 0, 0];
    const m = await start({ ackOptions: { indexingDelayMs: 0 }, faults: { ackOutOfOrderProbability: 1, ackOutOfOrderSpreadMs: 300 }, random: () => rolls.shift() ?? 0 });
    const channel = newChannel();
    await send(m, channel);
    await send(m, channel);
    await settle(50);
    expect((await ack(m, channel, [0, 1])).body).toEqual({ acks: { '0': false, '1': true } });
    await settle(300);
    expect((await ack(m, channel, [0])).body).toEqual({ acks: { '0': true } });
  });

  it('a restart loses the events not yet indexed and forgets every channel', async () => {
    const m = await start({ ackOptions: { indexingDelayMs: 60_000 } });
    const channel = newChannel();
    await send(m, channel, '{"event":"in the pipeline"}');
    expect(m.events()).toHaveLength(1);
    m.setFaults({ script: ['restart'] });
    await expect(send(m, channel, '{"event":"during restart"}')).rejects.toThrow();
    expect(m.events()).toEqual([]);
    expect(m.counters()).toMatchObject({ eventsLostInRestart: 1, eventsIndexed: 0 });
    // The channel is new again: ids start from 0, and the old id is unknown.
    expect((await send(m, channel, '{"event":"after"}')).body.ackId).toBe(0);
  });

  it('a restart keeps what was already indexed (acked true)', async () => {
    const m = await start({ ackOptions: { indexingDelayMs: 0 } });
    const channel = newChannel();
    await send(m, channel, '{"event":"on disk"}');
    await settle(5);
    m.setFaults({ script: ['restart'] });
    await expect(send(m, channel)).rejects.toThrow();
    expect(m.events().map((e) => e.event)).toEqual(['on disk']);
  });

  it('an ack query that lands on another indexer answers false', async () => {
    const m = await start();
    const channel = newChannel();
    await send(m, channel);
    await settle();
    m.setFaults({ script: ['other-node'] });
    expect((await ack(m, channel, [0])).body).toEqual({ acks: { '0': false } });
    expect((await ack(m, channel, [0])).body).toEqual({ acks: { '0': true } });
  });

  it('every fault can be set by probability through /__mock/faults', async () => {
    const m = await start();
    const set = await fetch(`${m.url}/__mock/faults`, { method: 'POST', body: JSON.stringify({ gatewayTimeoutProbability: 1 }) });
    expect(set.status).toBe(200);
    expect((await fetch(`${m.url}/services/collector/event`, { method: 'POST', body: '{"event":1}', headers: { ...auth(), 'X-Splunk-Request-Channel': newChannel() } })).status).toBe(504);
    const refused = await fetch(`${m.url}/__mock/faults`, { method: 'POST', body: JSON.stringify({ detentionProbability: 2 }) });
    expect([refused.status, ((await refused.json()) as { error: string }).error]).toEqual([400, 'detentionProbability must be a number from 0 to 1']);
    const script = await fetch(`${m.url}/__mock/faults`, { method: 'POST', body: JSON.stringify({ script: ['restart', 'other-node', 'no-ack-id'] }) });
    expect(((await script.json()) as { script: string[] }).script).toEqual(['restart', 'other-node', 'no-ack-id']);
  });

  it('the command line sets them too', async () => {
    const bin = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
    const child = spawn(process.execPath, [bin, '--port', '0', '--token', TOKEN, '--detention-probability', '1'], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (c: Buffer) => {
          const match = /listening on (http:\/\/[^ ]+)/.exec(c.toString());
          if (match) resolve(match[1]!);
        });
        child.once('exit', (code) => reject(new Error(`exited ${code}`)));
      });
      expect((await fetch(`${url}/services/collector/health`)).status).toBe(404);
    } finally {
      child.kill('SIGTERM');
    }
  });
});
