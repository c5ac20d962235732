import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { createHandler } from '../src/handler.js';
import { LOG_EVENTS } from '../src/observability/log-events.js';
import { createMemoryLogger } from '../src/observability/logger.js';
import { noMetrics } from '../src/observability/metrics.js';
import { fakeSender } from './fake-sender.js';
import { config, dataMessage, firehoseEvent, record } from './helpers.js';

describe('the log event catalogue', () => {
  it('every line names a catalogued event at its level and carries awsRequestId and coldStart', async () => {
    const logger = createMemoryLogger();
    const handler = createHandler({ config: config(), logger, metrics: noMetrics, senderFor: () => fakeSender().sender });
    const context = (id: string) => ({ awsRequestId: id, getRemainingTimeInMillis: () => 60_000 });
    await handler(firehoseEvent([record('a', dataMessage(['x'])), { recordId: 'b', data: 'AAAA' }]), context('req-1'));
    await handler(firehoseEvent([record('c', dataMessage(['y']))]), context('req-2'));
    await expect(handler({ nope: true }, context('req-3'))).rejects.toMatchObject({ code: 'NOT_A_FIREHOSE_EVENT' });

    expect(logger.lines.map((l) => [l.event, l.awsRequestId])).toEqual([
      ['record-processing-failed', 'req-1'],
      ['invocation-summary', 'req-1'],
      ['invocation-summary', 'req-2'],
      ['invocation-rejected', 'req-3'],
    ]);
    for (const line of logger.lines) {
      const entry = LOG_EVENTS[line.event];
      expect(line.level).toBe(entry.level);
      expect(line.message).toBe(entry.message);
      for (const field of entry.fields) expect(line).toHaveProperty(field);
    }
    // Only the first invocation of a process is a cold start (this module's first handler call).
    expect(logger.lines.filter((l) => l.awsRequestId !== 'req-1').every((l) => l.coldStart === false)).toBe(true);
  });

  it('a bad configuration is logged as config-invalid, naming every problem, before the cold start fails', () => {
    const logger = createMemoryLogger();
    const previous = { ...process.env };
    process.env.HEC_ENDPOINT_TYPE = 'Json';
    process.env.VPC_FLOW_ACTIONS = 'MAYBE';
    try {
      expect(() => createHandler({ logger, metrics: noMetrics })).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
    } finally {
      process.env = previous;
    }
    expect(logger.lines).toHaveLength(1);
    expect(logger.lines[0]).toMatchObject({ event: 'config-invalid', level: 'ERROR' });
    expect((logger.lines[0]!.problems as string[]).join('\n')).toMatch(/HEC_ENDPOINT_TYPE[\s\S]*VPC_FLOW_ACTIONS/);
  });

  it('the README documents exactly the catalogued events', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const table = readme.slice(readme.indexOf('| event | level |'));
    const documented = [...table.matchAll(/^\| `([a-z-]+)` \| (INFO|WARN|ERROR) \|/gm)].map((m) => [m[1], m[2]]);
    expect(documented).toEqual(Object.entries(LOG_EVENTS).map(([name, e]) => [name, e.level]));
  });
});
