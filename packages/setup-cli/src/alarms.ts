import type { MetricDataQuery, PutMetricAlarmInput } from '@aws-sdk/client-cloudwatch';
import type { ResourceNames } from './names.js';
import type { Settings } from './settings.js';

/**
 * The alarms that wake ops before data is lost, as PutMetricAlarm inputs (the SDK's own type),
 * each with what the README's alarm table says of it. Pure: no AWS call.
 * @see https://docs.aws.amazon.com/firehose/latest/dev/firehose-cloudwatch-metrics-best-practices.html
 * @see https://docs.aws.amazon.com/firehose/latest/dev/monitoring-with-cloudwatch-metrics.html
 * @see https://docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics-types.html
 */

/** Every alarm looks at five-minute periods, as AWS's Firehose guidance phrases its math ("Sum per 5 Minutes / 300"). */
export const ALARM_PERIOD_SECONDS = 300;
/** Firehose's default Splunk buffering interval (the stream sets no BufferingHints). */
export const SPLUNK_BUFFER_INTERVAL_SECONDS = 60;
/** The per-second quotas alarm at this share of their limit. */
export const LIMIT_ALARM_PERCENT = 80;
/** The Lambda's duration alarms past this share of its timeout. */
export const DURATION_ALARM_SHARE = 0.8;
/** Minutes without incoming records before the silence alarm, unless --silence-minutes says otherwise. */
export const DEFAULT_SILENCE_MINUTES = 60;
/** The namespace and the `service` dimension of the transform Lambda's EMF metrics. */
export const LAMBDA_METRICS_NAMESPACE = 'FirehoseSplunk';

export interface AlarmDocumentation {
  /** The metric or the math, as the README shows it. */
  metric: string;
  threshold: string;
  period: string;
  missingData: string;
  why: string;
  see: string;
}

export interface AlarmSpec {
  /** The alarm name's suffix after `<name>-`. */
  id: string;
  input: PutMetricAlarmInput;
  doc: AlarmDocumentation;
}

const FIREHOSE_BEST_PRACTICES = 'https://docs.aws.amazon.com/firehose/latest/dev/firehose-cloudwatch-metrics-best-practices.html';
const FIREHOSE_METRICS = 'https://docs.aws.amazon.com/firehose/latest/dev/monitoring-with-cloudwatch-metrics.html';
const LAMBDA_METRICS = 'https://docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics-types.html';

/** The SNS topic alarms notify: the one given, or the one this tool creates. */
export function alarmTopicArn(settings: Settings, names: ResourceNames): string {
  return settings.alarms.topicArn ?? names.alarmTopicArn;
}

/**
 * Age of the oldest undelivered record at which to wake someone: the processor buffer
 * interval, the Splunk buffer interval, one HEC acknowledgement timeout, and half the retry
 * duration. Past it a delivery has failed and half the retries are spent: the other half is the
 * time left before Firehose gives up on those records and writes them to the backup bucket.
 */
export function freshnessThresholdSeconds(settings: Settings): number {
  return settings.processorBufferIntervalSeconds + SPLUNK_BUFFER_INTERVAL_SECONDS + settings.hecAckTimeoutSeconds + Math.round(settings.retryDurationSeconds / 2);
}

/** Every alarm the settings call for (none with --no-alarms). */
export function alarmSpecs(settings: Settings, names: ResourceNames): AlarmSpec[] {
  if (!settings.alarms.enabled) return [];
  const topic = alarmTopicArn(settings, names);
  const stream = [{ Name: 'DeliveryStreamName', Value: names.deliveryStream }];
  const fn = [{ Name: 'FunctionName', Value: names.lambdaFunction }];
  const common = (id: string, description: string) => ({
    AlarmName: `${settings.name}-${id}`,
    AlarmDescription: `firehose-splunk ${settings.name}: ${description}`,
    AlarmActions: [topic],
    OKActions: [topic],
    ActionsEnabled: true,
    EvaluationPeriods: 1,
    DatapointsToAlarm: 1,
  });
  const single = (namespace: string, metric: string, dimensions: typeof stream, statistic: 'Maximum' | 'Average' | 'Sum' | 'Minimum') => ({
    Namespace: namespace,
    MetricName: metric,
    Dimensions: dimensions,
    Statistic: statistic,
    Period: ALARM_PERIOD_SECONDS,
  });
  const specs: AlarmSpec[] = [];
  const freshness = freshnessThresholdSeconds(settings);
  specs.push({
    id: 'delivery-freshness',
    input: {
      ...common('delivery-freshness', `records older than ${freshness} s are waiting for Splunk`),
      ...single('AWS/Firehose', 'DeliveryToSplunk.DataFreshness', stream, 'Maximum'),
      Threshold: freshness,
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'notBreaching',
    },
    doc: {
      metric: '`DeliveryToSplunk.DataFreshness`, Maximum',
      threshold: `> processor buffer interval + ${SPLUNK_BUFFER_INTERVAL_SECONDS} s Splunk buffer + HEC ack timeout + half the retry duration (${freshness} s with the defaults)`,
      period: '5 min, 1 of 1',
      missingData: 'not breaching',
      why: 'the first sign that Splunk is not taking data: a delivery has failed and half the retries are spent; the other half is the time left before Firehose writes those records to the backup bucket instead',
      see: FIREHOSE_BEST_PRACTICES,
    },
  });
  const successBelowOne = (id: string, metric: string, description: string, why: string) =>
    specs.push({
      id,
      input: { ...common(id, description), ...single('AWS/Firehose', metric, stream, 'Minimum'), Threshold: 1, ComparisonOperator: 'LessThanThreshold', TreatMissingData: 'notBreaching' },
      doc: { metric: `\`${metric}\`, Minimum`, threshold: '< 1', period: '5 min, 1 of 1', missingData: 'not breaching', why, see: FIREHOSE_METRICS },
    });
  successBelowOne('delivery-success', 'DeliveryToSplunk.Success', 'a delivery to Splunk failed', 'Splunk refused or did not acknowledge a batch; Firehose retries it, then backs it up');
  successBelowOne('processing-success', 'ExecuteProcessing.Success', 'an invocation of the transform Lambda failed', 'Firehose could not run the transform: its records go to processing-failed backups');
  specs.push({
    id: 'throttled-records',
    input: { ...common('throttled-records', 'Firehose throttled records'), ...single('AWS/Firehose', 'ThrottledRecords', stream, 'Sum'), Threshold: 0, ComparisonOperator: 'GreaterThanThreshold', TreatMissingData: 'notBreaching' },
    doc: { metric: '`ThrottledRecords`, Sum', threshold: '> 0', period: '5 min, 1 of 1', missingData: 'not breaching', why: 'senders are over the stream\'s quota: CloudWatch Logs retries, then drops', see: FIREHOSE_BEST_PRACTICES },
  });
  for (const [id, incoming, limit, label] of [
    ['incoming-bytes-quota', 'IncomingBytes', 'BytesPerSecondLimit', 'bytes'],
    ['incoming-records-quota', 'IncomingRecords', 'RecordsPerSecondLimit', 'records'],
    ['incoming-put-requests-quota', 'IncomingPutRequests', 'PutRequestsPerSecondLimit', 'put requests'],
  ] as const) {
    const metrics: MetricDataQuery[] = [
      { Id: 'incoming', MetricStat: { Metric: { Namespace: 'AWS/Firehose', MetricName: incoming, Dimensions: stream }, Period: ALARM_PERIOD_SECONDS, Stat: 'Sum' }, ReturnData: false },
      { Id: 'limit', MetricStat: { Metric: { Namespace: 'AWS/Firehose', MetricName: limit, Dimensions: stream }, Period: ALARM_PERIOD_SECONDS, Stat: 'Maximum' }, ReturnData: false },
      { Id: 'percent', Expression: `100 * (incoming / ${ALARM_PERIOD_SECONDS}) / limit`, Label: `${label} per second, % of the quota`, ReturnData: true },
    ];
    specs.push({
      id,
      input: { ...common(id, `incoming ${label} at ${LIMIT_ALARM_PERCENT}% of the stream's quota`), Metrics: metrics, Threshold: LIMIT_ALARM_PERCENT, ComparisonOperator: 'GreaterThanOrEqualToThreshold', TreatMissingData: 'notBreaching' },
      doc: {
        metric: `\`100 * (${incoming} Sum / 300) / ${limit}\``,
        threshold: `>= ${LIMIT_ALARM_PERCENT}`,
        period: '5 min, 1 of 1',
        missingData: 'not breaching',
        why: `${label} approach the per-second quota: ask for more before records are throttled`,
        see: FIREHOSE_BEST_PRACTICES,
      },
    });
  }
  if (settings.alarms.silenceMinutes !== undefined) {
    const periods = Math.max(1, Math.ceil((settings.alarms.silenceMinutes * 60) / ALARM_PERIOD_SECONDS));
    specs.push({
      id: 'no-incoming-records',
      input: {
        ...common('no-incoming-records', `no records came in for ${settings.alarms.silenceMinutes} minutes`),
        ...single('AWS/Firehose', 'IncomingRecords', stream, 'Sum'),
        EvaluationPeriods: periods,
        DatapointsToAlarm: periods,
        Threshold: 1,
        ComparisonOperator: 'LessThanThreshold',
        TreatMissingData: 'breaching',
      },
      doc: {
        metric: '`IncomingRecords`, Sum',
        threshold: '< 1',
        period: `5 min, ${periods} of ${periods} (--silence-minutes ${settings.alarms.silenceMinutes}; --no-silence-alarm removes it)`,
        missingData: 'breaching (no data is the silence)',
        why: 'a subscription or flow log stopped sending: nothing fails, nothing arrives',
        see: FIREHOSE_METRICS,
      },
    });
  }
  const lambdaAlarm = (id: string, metric: string, statistic: 'Sum' | 'Maximum', threshold: number, shown: string, why: string) =>
    specs.push({
      id,
      input: { ...common(id, `transform Lambda ${metric} ${shown}`), ...single('AWS/Lambda', metric, fn, statistic), Threshold: threshold, ComparisonOperator: 'GreaterThanThreshold', TreatMissingData: 'notBreaching' },
      doc: { metric: `\`${metric}\` (AWS/Lambda), ${statistic}`, threshold: shown, period: '5 min, 1 of 1', missingData: 'not breaching', why, see: LAMBDA_METRICS },
    });
  lambdaAlarm('lambda-errors', 'Errors', 'Sum', 0, '> 0', 'an invocation threw (a configuration error, a bug): Firehose retries, then backs the records up as processing-failed');
  lambdaAlarm('lambda-throttles', 'Throttles', 'Sum', 0, '> 0', 'the function hit its concurrency limit: Firehose retries and falls behind');
  const durationMs = Math.round(settings.lambdaTimeoutSeconds * 1000 * DURATION_ALARM_SHARE);
  lambdaAlarm('lambda-duration', 'Duration', 'Maximum', durationMs, `> ${DURATION_ALARM_SHARE * 100}% of the timeout (${durationMs} ms)`, 'an invocation came close to its timeout: the next larger batch times out');
  return specs;
}

/**
 * The CloudWatch dashboard: the alarms' states, the Firehose and Lambda metrics they watch,
 * and the Lambda's own EMF counts. Its first widget marks it as this tool's.
 */
export function dashboardBody(settings: Settings, names: ResourceNames, alarmArns: string[]): Record<string, unknown> {
  const region = settings.region;
  const stream = ['DeliveryStreamName', names.deliveryStream];
  const fn = ['FunctionName', names.lambdaFunction];
  const graph = (title: string, metrics: unknown[][], y: number, x: number, stat = 'Sum') => ({
    type: 'metric',
    x,
    y,
    width: 12,
    height: 6,
    properties: { title, region, stat, period: ALARM_PERIOD_SECONDS, view: 'timeSeries', metrics },
  });
  return {
    widgets: [
      { type: 'text', x: 0, y: 0, width: 24, height: 2, properties: { markdown: dashboardMarker(settings) } },
      ...(alarmArns.length > 0 ? [{ type: 'alarm', x: 0, y: 2, width: 24, height: 3, properties: { title: 'Alarms', alarms: alarmArns } }] : []),
      graph('Records in and out', [['AWS/Firehose', 'IncomingRecords', ...stream], ['AWS/Firehose', 'DeliveryToSplunk.Records', ...stream]], 5, 0),
      graph('Data freshness (s)', [['AWS/Firehose', 'DeliveryToSplunk.DataFreshness', ...stream]], 5, 12, 'Maximum'),
      graph('Success (1 = all)', [['AWS/Firehose', 'DeliveryToSplunk.Success', ...stream], ['AWS/Firehose', 'ExecuteProcessing.Success', ...stream]], 11, 0, 'Minimum'),
      graph('Throttled records', [['AWS/Firehose', 'ThrottledRecords', ...stream]], 11, 12),
      graph('Transform Lambda errors and throttles', [['AWS/Lambda', 'Errors', ...fn], ['AWS/Lambda', 'Throttles', ...fn]], 17, 0),
      graph('Transform Lambda duration (ms)', [['AWS/Lambda', 'Duration', ...fn]], 17, 12, 'Maximum'),
      graph(
        'Transform Lambda records (EMF)',
        ['RecordsOk', 'RecordsDropped', 'RecordsProcessingFailed', 'EntriesReingested'].map((m) => [LAMBDA_METRICS_NAMESPACE, m, 'service', settings.name]),
        23,
        0,
      ),
    ],
  };
}

/** The text widget that marks a dashboard as made by this tool for this --name. */
export function dashboardMarker(settings: Settings): string {
  return `## ${settings.name}: logs to Splunk through Firehose\nManaged by firehose-splunk (name ${settings.name}); apply rewrites this dashboard, destroy deletes it.`;
}
