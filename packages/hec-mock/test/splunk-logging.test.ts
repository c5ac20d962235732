import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { createRequire } from 'node:module';
import { startHecMock, type HecMock } from '../src/server.js';
import { TOKEN } from './helpers.js';

// Splunk's own HEC client for Node; it sends to /services/collector/event/1.0 with `Authorization: Splunk <token>`.
const require = createRequire(import.meta.url);
const SplunkLogger = require('splunk-logging').Logger as new (config: Record<string, unknown>) => {
  send(payload: Record<string, unknown>, callback: (error: Error | undefined, response: unknown, body: unknown) => void): void;
  error: (error: Error) => void;
};

let mock: HecMock;
beforeAll(async () => {
  mock = await startHecMock({ tokens: [{ token: TOKEN, ack: false, name: 'splunk-logging' }] });
});
afterAll(() => mock.stop());

it("accepts events sent by Splunk's splunk-logging library", async () => {
  const logger = new SplunkLogger({ token: TOKEN, url: mock.url, maxBatchCount: 1 });
  const failures: Error[] = [];
  logger.error = (error) => failures.push(error);
  const body = await new Promise<unknown>((resolve, reject) => {
    logger.send(
      { message: { text: 'hello from splunk-logging', n: 1 }, severity: 'info', metadata: { source: 'sdk-test', sourcetype: 'sdk', index: 'main' } },
      (error, _response, responseBody) => (error ? reject(error) : resolve(responseBody)),
    );
  });
  expect(failures).toEqual([]);
  expect(body).toEqual({ text: 'Success', code: 0 });
  const [event] = mock.events();
  expect(event).toMatchObject({ source: 'sdk-test', sourcetype: 'sdk', index: 'main' });
  expect(event!.event).toMatchObject({ message: { text: 'hello from splunk-logging', n: 1 }, severity: 'info' });
});
