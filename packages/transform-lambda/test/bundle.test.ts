import { describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { spawnSync } from 'node:child_process';
import { dataMessage, encodePayload, STREAM_ARN } from './helpers.js';

const lambdaDist = fileURLToPath(new URL('../dist/lambda/', import.meta.url));
const buildScript = fileURLToPath(new URL('../scripts/build.mjs', import.meta.url));
const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('the deployable Lambda', () => {
  it('is a zip holding index.mjs', () => {
    const zip = readFileSync(`${lambdaDist}transform-lambda.zip`);
    expect(zip.subarray(0, 4).toString('hex')).toBe('504b0304');
    expect(zip.includes(Buffer.from('index.mjs'))).toBe(true);
  });

  it('is reproducible: building the same sources twice gives the same zip bytes', () => {
    const digests = [1, 2].map(() => {
      const out = mkdtempSync(join(tmpdir(), 'lambda-build-'));
      const result = spawnSync(process.execPath, [buildScript, '--lambda-out', out], { encoding: 'utf8', timeout: 60_000 });
      expect(result.status).toBe(0);
      return sha256(join(out, 'transform-lambda.zip'));
    });
    expect(digests[0]).toBe(digests[1]);
    // And `pnpm build` made the same one.
    expect(sha256(`${lambdaDist}transform-lambda.zip`)).toBe(digests[0]);
  });

  it('runs on its own, as Lambda would load it', () => {
    // `pnpm test` builds first; run the bundle in a clean Node process, outside jest's module system.
    expect(existsSync(`${lambdaDist}index.mjs`)).toBe(true);
    const event = {
      invocationId: 'bundle',
      deliveryStreamArn: STREAM_ARN,
      region: 'us-east-1',
      records: [
        { recordId: 'a', data: encodePayload(dataMessage(['from the bundle'])) },
        { recordId: 'b', data: 'bm90IGd6aXA=' },
      ],
    };
    const script = `const { handler } = await import(${JSON.stringify(pathToFileURL(`${lambdaDist}index.mjs`).href)});
const response = await handler(${JSON.stringify(event)}, { awsRequestId: 'req-bundle' });
process.stderr.write(JSON.stringify(response));`;
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', METRICS_NAMESPACE: 'BundleTest', AWS_REGION: 'us-east-1' },
    });
    expect(result.status).toBe(0);
    const response = JSON.parse(result.stderr) as { records: Array<{ recordId: string; result: string; data?: string }> };
    expect(response.records.map((r) => [r.recordId, r.result])).toEqual([
      ['a', 'Ok'],
      ['b', 'ProcessingFailed'],
    ]);
    expect(JSON.parse(Buffer.from(response.records[0]!.data!, 'base64').toString()).event).toBe('from the bundle');
    // stdout carries the structured logs and one EMF metrics document.
    const lines = result.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.find((l) => l.event === 'invocation-summary')).toMatchObject({ recordsIn: 2, ok: 1, failed: 1, awsRequestId: 'req-bundle', coldStart: true });
    const emf = lines.find((l) => l._aws !== undefined) as { _aws: { CloudWatchMetrics: Array<{ Namespace: string }> }; RecordsIn: number };
    expect(emf._aws.CloudWatchMetrics[0]!.Namespace).toBe('BundleTest');
    expect(emf.RecordsIn).toBe(2);
  });
});
