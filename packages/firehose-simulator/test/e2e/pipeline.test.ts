import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runPipeline } from '../../src/demo/run-pipeline.js';

describe('the whole pipeline on loopback: simulator -> Lambda -> hec-mock', () => {
  it.each(['Event', 'Raw'] as const)('indexes every event exactly once without faults (%s)', async (endpointType) => {
    const summary = await runPipeline({ events: 6000, endpointType, faults: false, seed: 3 });
    expect(summary.events).toMatchObject({ generated: 6000, indexed: 6000, backedUp: 0, duplicated: 0, lost: 0 });
    expect(summary.firehose.deliveryRetries).toBe(0);
    // Some flow logs came straight from VPC flow logs, one record per line, with no log group.
    expect(summary.lambda.directFlowLogRecords).toBeGreaterThan(100);
    if (endpointType === 'Event') {
      expect(Object.keys(summary.byIndex).sort()).toEqual(['app', 'network']);
      expect(summary.bySourcetype['aws:cloudwatchlogs:vpcflow']).toBe(summary.byIndex.network);
    } else {
      // Raw carries no metadata: the token's defaults apply.
      expect(summary.byIndex).toEqual({ aws: 6000 });
    }
  });

  it.each(['Event', 'Raw'] as const)(
    'loses nothing under faults: busy, dropped connections, lost acks, corrupt and oversized records (%s)',
    async (endpointType) => {
      const summary = await runPipeline({ events: 15000, endpointType, faults: true, seed: 13 });
      const e = summary.events;
      expect(e.lost).toBe(0);
      expect(e.indexed + e.backedUp).toBe(e.generated);
      // The faults really happened and took the recovery paths.
      expect(summary.hec!.faultsInjected.busy).toBeGreaterThan(0);
      expect(summary.firehose.deliveryRetries).toBeGreaterThan(0);
      expect(summary.lambda.reingestedEntries).toBeGreaterThan(0);
      expect(summary.lambda.splitRecords).toBeGreaterThan(0);
      expect(summary.lambda.directFlowLogRecords).toBeGreaterThan(0);
      expect(summary.firehose.processingFailed).toBeGreaterThan(0);
      expect(e.backedUp).toBeGreaterThan(0);
      // Duplicates come only from retried deliveries.
      if (e.duplicated > 0) expect(summary.firehose.deliveryRetries).toBeGreaterThan(0);
      // The backup is in Firehose's error record format.
      const dir = join(summary.backupDir, 'processing-failed');
      const record = JSON.parse(readFileSync(join(dir, readdirSync(dir)[0]!), 'utf8').split('\n')[0]!);
      expect(Object.keys(record).sort()).toEqual(
        ['arrivalTimestamp', 'attemptEndingTimestamp', 'attemptsMade', 'errorCode', 'errorMessage', 'lambdaArn', 'rawData'].sort(),
      );
      expect(record.errorCode).toBe('Lambda.ProcessingFailedStatus');
    },
    60_000,
  );
});

describe('aimed at another HEC with --hec-url', () => {
  it('counts events as indexed when their batch was acknowledged, and they all arrived', async () => {
    const { startHecMock } = await import('@firehose-splunk/hec-mock');
    const other = await startHecMock({ tokens: [{ token: 'real-token', ack: true }], ackOptions: { indexingDelayMs: 5 } });
    try {
      const summary = await runPipeline({ events: 3000, endpointType: 'Event', faults: false, hecUrl: other.url, hecToken: 'real-token', seed: 9 });
      expect(summary.target).toBe('splunk');
      expect(summary.events).toMatchObject({ generated: 3000, indexed: 3000, lost: 0 });
      expect(other.counters().eventsIndexed).toBe(3000);
    } finally {
      await other.stop();
    }
  });
});

describe('pnpm demo', () => {
  it('runs from the command line and prints one JSON summary', async () => {
    const { spawnSync } = await import('node:child_process');
    const { fileURLToPath } = await import('node:url');
    const cli = fileURLToPath(new URL('../../dist/demo/cli.js', import.meta.url));
    const result = spawnSync(process.execPath, [cli, '--events', '800', '--json'], { encoding: 'utf8', timeout: 60_000 });
    expect(result.status).toBe(0);
    const summary = JSON.parse(result.stdout);
    expect(summary.events).toMatchObject({ generated: 800, indexed: 800, lost: 0 });
    expect(result.stderr).toContain('demo: 800 events, Event endpoint, faults off');
  });

  it('refuses a bad flag before doing anything', async () => {
    const { spawnSync } = await import('node:child_process');
    const { fileURLToPath } = await import('node:url');
    const cli = fileURLToPath(new URL('../../dist/demo/cli.js', import.meta.url));
    const result = spawnSync(process.execPath, [cli, '--events', '0'], { encoding: 'utf8', timeout: 60_000 });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('--events must be a whole number from 1 to 5000000, not 0');
  });
});
