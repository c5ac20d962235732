// The cost of one log line: this package's JSON logger against Powertools Logger, writing the
// same fields (level, timestamp, message, request id, cold start, and the line's own fields)
// into a sink that only counts bytes, so both pay for serialising and neither for stdout.
import { Logger as PowertoolsLogger } from '@aws-lambda-powertools/logger';
import { createJsonLogger, EventLog } from '../src/observability/logger.js';
import { emptySummary } from '../src/observability/summary.js';

const LINES = 20_000;

/** Microseconds per line for each logger, the median of interleaved rounds. */
export function loggerCost(rounds = 7): { ours: number; powertools: number; oursBytes: number; powertoolsBytes: number } {
  let oursBytes = 0;
  const log = new EventLog(createJsonLogger((text) => (oursBytes += text.length)));
  log.setContext({ awsRequestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef', coldStart: false });

  let powertoolsBytes = 0;
  const powertools = new PowertoolsLogger({ serviceName: 'transform-lambda' });
  // Powertools writes through its own Console; the bench swaps in a byte counter.
  const sink = (text: string) => (powertoolsBytes += text.length + 1);
  (powertools as unknown as { console: Record<string, (text: string) => void> }).console = { info: sink, warn: sink, error: sink, log: sink, debug: sink, trace: sink };
  powertools.addContext({ awsRequestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef', functionName: 'transform', functionVersion: '$LATEST', invokedFunctionArn: 'arn:aws:lambda:eu-west-1:111122223333:function:transform', memoryLimitInMB: '256', callbackWaitsForEmptyEventLoop: true, logGroupName: '/aws/lambda/transform', logStreamName: 's', getRemainingTimeInMillis: () => 60_000, done() {}, fail() {}, succeed() {} } as never);

  const summary = { ...emptySummary('49630000000000000000000000000000000000000000', 'DirectPut'), recordsIn: 500, ok: 497, failed: 3, failuresByReason: { 'invalid-gzip': 3 } };
  const failure = { invocationId: summary.invocationId, recordId: '49546986683135544286507457936321625675700192471156785154', reason: 'invalid-gzip', detail: 'incorrect header check' };
  const runOurs = () => {
    for (let i = 0; i < LINES; i++) {
      if (i % 10 === 0) log.emit('invocation-summary', summary);
      else log.emit('record-processing-failed', failure);
    }
  };
  const runPowertools = () => {
    for (let i = 0; i < LINES; i++) {
      if (i % 10 === 0) powertools.info({ message: 'invocation summary', event: 'invocation-summary', coldStart: false, ...summary });
      else powertools.warn({ message: 'record processing failed', event: 'record-processing-failed', coldStart: false, ...failure });
    }
  };
  const samples = { ours: [] as number[], powertools: [] as number[] };
  runOurs();
  runPowertools();
  oursBytes = 0;
  powertoolsBytes = 0;
  for (let round = 0; round < rounds; round++) {
    let t = performance.now();
    runOurs();
    samples.ours.push(((performance.now() - t) * 1000) / LINES);
    t = performance.now();
    runPowertools();
    samples.powertools.push(((performance.now() - t) * 1000) / LINES);
  }
  const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)] as number;
  return { ours: median(samples.ours), powertools: median(samples.powertools), oursBytes: oursBytes / rounds / LINES, powertoolsBytes: powertoolsBytes / rounds / LINES };
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop() as string)) {
  const cost = loggerCost();
  console.log(JSON.stringify(cost));
}
