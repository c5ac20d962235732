import { GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { call, type EngineContext } from './context.js';

/**
 * Whether a subscription filter's events reach its destination, from the metrics CloudWatch
 * Logs publishes per filter: ForwardedLogEvents and DeliveryErrors in AWS/Logs, by
 * LogGroupName, FilterName and DestinationType. The destination type is not named here: a
 * SEARCH expression finds the filter's metrics whatever it is (a stream, or another account's
 * destination, which the sender cannot describe but can see fail in these numbers).
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CloudWatch-Logs-Monitoring-CloudWatch-Metrics.html
 */
export interface SubscriptionDelivery {
  forwarded: number;
  errors: number;
}

/** The SEARCH expression for one filter's metric, summed per period. */
export function deliverySearch(metric: 'ForwardedLogEvents' | 'DeliveryErrors', logGroupName: string, filterName: string, periodSeconds: number): string {
  const quoted = (s: string) => `"${s.replace(/["\\]/g, '\\$&')}"`;
  return `SEARCH('{AWS/Logs,DestinationType,FilterName,LogGroupName} MetricName=${quoted(metric)} LogGroupName=${quoted(logGroupName)} FilterName=${quoted(filterName)}', 'Sum', ${periodSeconds})`;
}

/** One period covering the whole window, at most a day (GetMetricData's period must be a multiple of 60). */
const periodFor = (sinceMs: number) => Math.max(60, Math.min(86_400, Math.ceil(sinceMs / 60_000) * 60));

export async function subscriptionDelivery(ctx: EngineContext, logGroupName: string, filterName: string, sinceMs: number, now = Date.now()): Promise<SubscriptionDelivery> {
  const period = periodFor(sinceMs);
  const response = await call('cloudwatch:GetMetricData', `${logGroupName} -> ${filterName}`, () =>
    ctx.clients.cloudwatch.send(
      new GetMetricDataCommand({
        StartTime: new Date(now - sinceMs),
        EndTime: new Date(now),
        MetricDataQueries: [
          // SUM() makes one series of what SEARCH finds, so each answer carries its query's Id.
          { Id: 'forwarded', Expression: `SUM(${deliverySearch('ForwardedLogEvents', logGroupName, filterName, period)})`, ReturnData: true },
          { Id: 'errors', Expression: `SUM(${deliverySearch('DeliveryErrors', logGroupName, filterName, period)})`, ReturnData: true },
        ],
      }),
    ),
  );
  const sum = (id: string) => (response.MetricDataResults ?? []).filter((r) => r.Id === id).reduce((total, r) => total + (r.Values ?? []).reduce((a, b) => a + b, 0), 0);
  return { forwarded: sum('forwarded'), errors: sum('errors') };
}
