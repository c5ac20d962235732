import { describe, expect, it } from '@jest/globals';
import { createPayloadFormatter } from '../src/format/general-formatter.js';
import { config, dataMessage, FLOW_LINE } from './helpers.js';

function lines(output: Buffer): string[] {
  return output.toString('utf8').split('\n').slice(0, -1);
}

describe('Event output', () => {
  it('writes one HEC event per log event with time in epoch seconds, ms precision', () => {
    const formatter = createPayloadFormatter(config());
    const payload = dataMessage(['first', 'second']);
    payload.logEvents[0]!.timestamp = 1700000000123;
    payload.logEvents[1]!.timestamp = 1700000000000;
    const result = formatter.format(payload, 'eu-west-1');
    expect(lines(result.output).map((l) => JSON.parse(l))).toEqual([
      { time: 1700000000.123, host: 'i-0abc', source: '/app/orders', sourcetype: 'aws:cloudwatchlogs', event: 'first' },
      { time: 1700000000, host: 'i-0abc', source: '/app/orders', sourcetype: 'aws:cloudwatchlogs', event: 'second' },
    ]);
    expect(result.output.toString().endsWith('\n')).toBe(true);
    expect(result.eventsOut).toBe(2);
  });

  it('keeps quotes, backslashes, control characters and non-ASCII text intact', () => {
    const message = 'path "C:\\temp"\ttab \u0001 naïve 日本 😀 \u2028';
    const result = createPayloadFormatter(config()).format(dataMessage([message]), 'us-east-1');
    expect(JSON.parse(lines(result.output)[0]!).event).toBe(message);
  });

  it('emits a JSON message as an object only when configured', () => {
    const message = '{"level":"error","n":1}';
    const asString = createPayloadFormatter(config()).format(dataMessage([message]), 'r');
    expect(JSON.parse(lines(asString.output)[0]!).event).toBe(message);
    const asObject = createPayloadFormatter(config({ JSON_MESSAGE_AS_OBJECT: 'true' })).format(
      dataMessage([message, '{not json', '[1,2]']),
      'r',
    );
    expect(lines(asObject.output).map((l) => JSON.parse(l).event)).toEqual([{ level: 'error', n: 1 }, '{not json', '[1,2]']);
  });

  it('adds configured indexed fields and the index', () => {
    const formatter = createPayloadFormatter(
      config({ HEC_INDEXED_FIELDS: 'account,region,log_group,log_stream,subscription_filter', DEFAULT_INDEX: 'aws' }),
    );
    const event = JSON.parse(lines(formatter.format(dataMessage(['x']), 'eu-central-1').output)[0]!);
    expect(event.index).toBe('aws');
    expect(event.fields).toEqual({
      account: '123456789012',
      region: 'eu-central-1',
      log_group: '/app/orders',
      log_stream: 'i-0abc',
      subscription_filter: 'to-firehose',
    });
  });

  it('skips and counts blank messages, which HEC would reject for the whole batch', () => {
    const result = createPayloadFormatter(config()).format(dataMessage(['a', '', 'b']), 'r');
    expect(lines(result.output).map((l) => JSON.parse(l).event)).toEqual(['a', 'b']);
    expect(result.blankEvents).toBe(1);
  });
});

describe('Raw output', () => {
  it('writes each message followed by a newline', () => {
    const result = createPayloadFormatter(config({ HEC_ENDPOINT_TYPE: 'Raw' })).format(dataMessage(['a b', '{"x":1}', '']), 'r');
    expect(result.output.toString()).toBe('a b\n{"x":1}\n\n');
  });
});

describe('routing and sourcetype detection', () => {
  const routes = JSON.stringify([
    { logGroup: '/app/orders', sourcetype: 'orders', index: 'shop' },
    { logGroupPrefix: '/aws/lambda/', sourcetype: 'aws:lambda', host: '{account}' },
    { logGroupGlob: '/eks/*/application', sourcetype: 'kube', source: 'eks:{region}:{logGroup}' },
  ]);
  const formatter = createPayloadFormatter(config({ ROUTES: routes, DEFAULT_INDEX: 'main' }));
  const first = (logGroup: string, message = 'm') =>
    JSON.parse(lines(formatter.format(dataMessage([message], { logGroup }), 'us-west-2').output)[0]!);

  it('matches exact names, prefixes and globs, first route first', () => {
    expect(first('/app/orders')).toMatchObject({ sourcetype: 'orders', index: 'shop' });
    expect(first('/aws/lambda/fn')).toMatchObject({ sourcetype: 'aws:lambda', index: 'main', host: '123456789012' });
    expect(first('/eks/prod/application')).toMatchObject({ sourcetype: 'kube', source: 'eks:us-west-2:/eks/prod/application' });
    expect(first('/eks/prod/other').sourcetype).toBe('aws:cloudwatchlogs');
  });

  it('detects VPC flow logs and CloudTrail when no route names a sourcetype', () => {
    expect(first('/vpc/flow', FLOW_LINE).sourcetype).toBe('aws:cloudwatchlogs:vpcflow');
    expect(first('/trail', '{"eventVersion":"1.08","eventSource":"s3.amazonaws.com","awsRegion":"us-east-1"}').sourcetype).toBe(
      'aws:cloudtrail',
    );
    expect(first('/aws/cloudtrail/org', 'x').sourcetype).toBe('aws:cloudtrail');
  });
});

describe('VPC flow log filters', () => {
  const nodata = '2 123456789012 eni-1 - - - - - - - 1418530010 1418530070 - NODATA';
  const reject = FLOW_LINE.replace('ACCEPT', 'REJECT');
  const udp = FLOW_LINE.replace(' 22 6 ', ' 53 17 ');

  it('drops NODATA/SKIPDATA, keeps chosen actions and protocols, and counts what it removed', () => {
    const formatter = createPayloadFormatter(
      config({ VPC_FLOW_DROP_NODATA: 'true', VPC_FLOW_ACTIONS: 'ACCEPT', VPC_FLOW_PROTOCOLS: 'tcp' }),
    );
    const result = formatter.format(dataMessage([FLOW_LINE, nodata, reject, udp, FLOW_LINE]), 'r');
    expect(result.eventsOut).toBe(2);
    expect(result.filteredEvents).toBe(3);
    expect(lines(result.output).every((l) => JSON.parse(l).event === FLOW_LINE)).toBe(true);
  });

  it('keeps and counts lines that do not match the format instead of dropping them', () => {
    const formatter = createPayloadFormatter(config({ VPC_FLOW_ACTIONS: 'ACCEPT' }));
    const result = formatter.format(dataMessage([FLOW_LINE, '2 123456789012 eni-1 truncated']), 'r');
    expect(result.eventsOut).toBe(2);
    expect(result.unparsedFlowLogLines).toBe(1);
  });

  it('parses custom formats and can emit lines as objects', () => {
    const formatter = createPayloadFormatter(
      config({
        VPC_FLOW_LOG_FORMAT: '${version} ${vpc-id} ${action} ${protocol}',
        VPC_FLOW_EVENT_FORMAT: 'object',
        ROUTES: '[{"logGroup":"/flows","sourcetype":"aws:cloudwatchlogs:vpcflow"}]',
        VPC_FLOW_ACTIONS: 'REJECT',
      }),
    );
    const result = formatter.format(dataMessage(['5 vpc-1 REJECT 6', '5 vpc-1 ACCEPT 6'], { logGroup: '/flows' }), 'r');
    expect(lines(result.output).map((l) => JSON.parse(l).event)).toEqual([
      { version: '5', 'vpc-id': 'vpc-1', action: 'REJECT', protocol: '6' },
    ]);
    expect(result.filteredEvents).toBe(1);
  });

  it('applies filters in Raw mode too', () => {
    const formatter = createPayloadFormatter(config({ HEC_ENDPOINT_TYPE: 'Raw', VPC_FLOW_ACTIONS: 'REJECT' }));
    expect(formatter.format(dataMessage([FLOW_LINE, reject]), 'r').output.toString()).toBe(`${reject}\n`);
  });
});
