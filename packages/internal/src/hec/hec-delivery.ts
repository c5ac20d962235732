import { backoffDelayMs, type BackoffPolicy } from '../backoff.js';
import { errorMessage } from '../error-text.js';
import { sleep } from '../sleep.js';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

/**
 * Firehose's defaults for a Splunk destination: the acknowledgement timeout (180 s, from 180
 * to 600) and the retry duration (300 s, from 0 to 7200).
 * @see https://docs.aws.amazon.com/firehose/latest/APIReference/API_SplunkDestinationConfiguration.html
 */
export const FIREHOSE_HEC_ACK_TIMEOUT_MS = 180_000;
export const FIREHOSE_SPLUNK_RETRY_DURATION_MS = 300_000;

/**
 * How long one HEC request may take before the simulator gives up on it. Firehose does not
 * publish its own socket timeout; 30 s stands for "the connection hung" in the simulator's
 * Splunk.ConnectionTimeout.
 */
export const HEC_REQUEST_TIMEOUT_MS = 30_000;

/**
 * Pause between delivery retries. Firehose documents that it retries until the retry duration
 * is spent but not its pause; the simulator doubles from 200 ms to 5 s so a test with a short
 * retry duration sees several attempts.
 * @see https://docs.aws.amazon.com/firehose/latest/dev/basic-deliver.html#retry
 */
export const HEC_DELIVERY_BACKOFF: BackoffPolicy = { baseMs: 200, maxMs: 5_000, jitter: 'none' };

/** Settings of the Splunk destination, named as in Firehose's SplunkDestinationConfiguration. */
export interface SplunkDestination {
  hecUrl: string;
  hecToken: string;
  hecEndpointType: 'Event' | 'Raw';
  /** HECAcknowledgmentTimeoutInSeconds, in ms. */
  ackTimeoutMs: number;
  /** RetryOptions.DurationInSeconds, in ms. */
  retryDurationMs: number;
  /** Time between ack polls. */
  ackPollIntervalMs: number;
  /** Trust a self-signed HEC certificate (tests only). */
  insecureTls?: boolean;
}

export interface HttpAnswer {
  status: number;
  body: string;
}

/** One HTTP request to HEC; rejects on network failure. */
export function hecRequest(destination: SplunkDestination, path: string, body: Buffer | string, channel: string): Promise<HttpAnswer> {
  const url = new URL(path, destination.hecUrl);
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(
      url,
      {
        method: 'POST',
        headers: {
          Authorization: `Splunk ${destination.hecToken}`,
          'X-Splunk-Request-Channel': channel,
          'Content-Type': 'application/json',
          'Content-Length': Buffer.byteLength(body),
        },
        ...(destination.insecureTls ? { rejectUnauthorized: false } : {}),
        timeout: HEC_REQUEST_TIMEOUT_MS,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error('HEC request timed out')));
    req.on('error', reject);
    req.end(body);
  });
}

export type DeliveryOutcome =
  | { delivered: true; attempts: number }
  | { delivered: false; attempts: number; errorCode: string; errorMessage: string };

/**
 * Delivers one batch as Firehose does: POST to the endpoint type's path on one channel, then
 * poll /services/collector/ack until the ack is true or the acknowledgement timeout passes;
 * any failure is retried with backoff until the retry duration is spent.
 */
export async function deliverBatch(
  destination: SplunkDestination,
  body: Buffer,
  channel: string,
  onRetry: (reason: string) => void = () => {},
): Promise<DeliveryOutcome> {
  const path = destination.hecEndpointType === 'Event' ? '/services/collector/event' : `/services/collector/raw?channel=${channel}`;
  const giveUpAt = Date.now() + destination.retryDurationMs;
  let attempts = 0;
  let lastCode = 'Splunk.ServerError';
  let lastMessage = '';
  for (;;) {
    attempts++;
    try {
      const answer = await hecRequest(destination, path, body, channel);
      if (answer.status === 200) {
        const parsed = JSON.parse(answer.body) as { ackId?: number };
        if (parsed.ackId === undefined) return { delivered: true, attempts };
        const acked = await waitForAck(destination, channel, parsed.ackId);
        if (acked) return { delivered: true, attempts };
        lastCode = 'Splunk.AckTimeout';
        lastMessage = `ackId ${parsed.ackId} on channel ${channel} was not acknowledged within ${destination.ackTimeoutMs} ms`;
      } else {
        lastCode = answer.status >= 500 ? 'Splunk.ServerError' : 'Splunk.InvalidData';
        lastMessage = `HEC answered ${answer.status}: ${answer.body}`;
      }
    } catch (error) {
      lastCode = 'Splunk.ConnectionTimeout';
      lastMessage = errorMessage(error);
    }
    const backoff = backoffDelayMs(attempts, HEC_DELIVERY_BACKOFF);
    if (Date.now() + backoff > giveUpAt) return { delivered: false, attempts, errorCode: lastCode, errorMessage: lastMessage };
    onRetry(lastCode);
    await sleep(backoff);
  }
}

async function waitForAck(destination: SplunkDestination, channel: string, ackId: number): Promise<boolean> {
  const until = Date.now() + destination.ackTimeoutMs;
  while (Date.now() < until) {
    await sleep(destination.ackPollIntervalMs);
    try {
      const answer = await hecRequest(destination, '/services/collector/ack', JSON.stringify({ acks: [ackId] }), channel);
      if (answer.status === 200) {
        const parsed = JSON.parse(answer.body) as { acks?: Record<string, boolean> };
        if (parsed.acks?.[String(ackId)] === true) return true;
      }
    } catch {
      // A failed poll is retried until the acknowledgement timeout.
    }
  }
  return false;
}
