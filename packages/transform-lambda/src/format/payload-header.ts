import { toPayload } from '../record/decode-record.js';
import type { CloudWatchLogsDataMessage } from '../types.js';

/** The key the fast paths look for; CloudWatch Logs writes it last. */
export const LOG_EVENTS_KEY = '"logEvents":[';

/**
 * Parses and validates a payload's header, the text before `"logEvents":[`, as a
 * DATA_MESSAGE with no events; undefined for anything else (the general path decides).
 */
export function parsePayloadHeader(textBeforeLogEvents: string): CloudWatchLogsDataMessage | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(`${textBeforeLogEvents}${LOG_EVENTS_KEY}]}`);
  } catch {
    return undefined;
  }
  const checked = toPayload(parsed);
  if (!('payload' in checked) || checked.payload.messageType !== 'DATA_MESSAGE') return undefined;
  const header = checked.payload;
  return Array.isArray(header.logEvents) && header.logEvents.length === 0 ? header : undefined;
}
