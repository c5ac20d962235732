// The web view in a real browser: Debian's Chromium driven by puppeteer-core (its own browser
// download cannot work here). `pnpm test:browser` installs Chromium first where it can.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { startHecMock, type HecMock } from '../../src/server.js';
import { auth, newChannel, post, TOKEN } from '../helpers.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = fileURLToPath(new URL('../../test-artifacts/', import.meta.url));

let mock: HecMock;
let browser: Browser;
let page: Page;
const channel = newChannel();

beforeAll(async () => {
  mock = await startHecMock({ tokens: [{ token: TOKEN, name: 'firehose', ack: true }], ackOptions: { indexingDelayMs: 30 } });
  browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    // As root, with no network beyond the project's: no sandbox, no background connections.
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
  page = await browser.newPage();
  await page.setViewport({ width: 1400, height: 900 });
  await page.goto(`${mock.url}/__mock/ui`);
  await page.waitForSelector('[data-testid="live"].on');
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await mock?.stop();
});

const rows = () => page.$$eval('[data-testid="event-row"]', (trs) => trs.map((tr) => tr.textContent ?? ''));
// Page-side code is written as text: this test compiles without the DOM's types.
const rowCount = (n: number) => page.waitForFunction(`document.querySelectorAll('[data-testid="event-row"]').length === ${n}`, { timeout: 5000 });
const setInput = (selector: string, value: string) =>
  page.evaluate(`(() => { const input = document.querySelector(${JSON.stringify(selector)}); input.value = ${JSON.stringify(value)}; input.dispatchEvent(new Event('input', { bubbles: true })); })()`);
const textOf = (selector: string, property = 'textContent') => page.evaluate(`document.querySelector(${JSON.stringify(selector)})?.${property}`) as Promise<string | undefined>;
const send = (events: object[]) => post(`${mock.url}/services/collector/event?channel=${channel}`, events.map((e) => JSON.stringify(e)).join('\n'), auth());

describe('the web view at /__mock/ui', () => {
  it('shows events sent over HEC as they arrive, without a reload', async () => {
    await page.waitForSelector('[data-testid="empty"]');
    await send([
      { event: '2 123456789012 eni-0a1 10.0.0.1 10.0.0.2 443 49152 6 10 840 1700000000 1700000060 ACCEPT OK', sourcetype: 'aws:cloudwatchlogs:vpcflow', index: 'network', source: '/vpc/flow-logs', host: 'eni-0a1-all' },
      { event: { level: 'ERROR', message: 'payment declined', orderId: 'o-17' }, sourcetype: 'orders:json', index: 'app', source: '/app/orders', host: 'orders-1' },
    ]);
    await send([{ event: 'order o-18 shipped', sourcetype: 'orders:json', index: 'app', source: '/app/orders', host: 'orders-2', time: 1700000123.456 }]);
    await rowCount(3);
    const texts = await rows();
    // Newest first, with index, sourcetype, source, host, channel and ackId shown.
    expect(texts[0]).toContain('order o-18 shipped');
    expect(texts[0]).toContain('orders-2');
    expect(texts[0]).toContain(channel.slice(0, 8));
    expect(texts[2]).toContain('network');
    await page.waitForFunction(`document.querySelector('[data-testid="indexed-count"]').textContent === '3 events indexed'`, { timeout: 5000 });
  });

  it('narrows the list with the filters and the text search', async () => {
    await page.select('[data-testid="filter-sourcetype"]', 'orders:json');
    await rowCount(2);
    await page.type('[data-testid="filter-q"]', 'declined');
    await rowCount(1);
    expect((await rows())[0]).toContain('payment declined');
    await page.select('[data-testid="filter-sourcetype"]', '');
    await setInput('[data-testid="filter-q"]', '');
    await page.select('[data-testid="filter-host"]', 'eni-0a1-all');
    await rowCount(1);
    await page.select('[data-testid="filter-host"]', '');
    await rowCount(3);
  });

  it('shows an event whole with its metadata and ack state in the detail pane', async () => {
    const second = (await page.$$('[data-testid="event-row"]'))[1]!;
    await second.click();
    await page.waitForSelector('[data-testid="detail"]');
    const field = (name: string) => textOf(`[data-testid="detail-${name}"]`);
    expect(await field('sourcetype')).toBe('orders:json');
    expect(await field('index')).toBe('app');
    expect(await field('channel')).toBe(channel);
    expect(await field('ackId')).toBe('0');
    expect(['pending', 'indexed']).toContain(await field('ack-state'));
    expect(JSON.parse((await field('json')) ?? '')).toEqual({ level: 'ERROR', message: 'payment declined', orderId: 'o-17' });
    await page.waitForFunction(`document.querySelector('[data-testid="channels"]') !== null`, { timeout: 5000 });
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: `${ARTIFACTS}web-view.png` });
  });

  it('sets faults from its controls, and empties by itself after a reset through the API', async () => {
    await setInput('[data-testid="fault-busyProbability"]', '1');
    await page.click('[data-testid="apply-faults"]');
    await page.waitForFunction(`document.querySelector('[data-testid="control-message"]')?.textContent === 'faults set'`);
    expect(mock.faults().busyProbability).toBe(1);
    expect((await send([{ event: 'refused' }])).status).toBe(503);

    await fetch(`${mock.url}/__mock/reset`, { method: 'POST' });
    await page.waitForSelector('[data-testid="empty"]', { timeout: 5000 });
    expect(await rows()).toEqual([]);
    expect(await textOf('[data-testid="fault-busyProbability"]', 'value')).toBe('0');
  });
});
