import type { PayloadContext } from './general-formatter.js';

/** What ends an Event line without indexed fields: the message's closing quote, the object, the line. */
export const EVENT_LINE_END = '"}\n';

/**
 * The constant text around each event's message in an HEC Event line, as JSON.stringify
 * writes it for the general path: `{"time":<t>` + head + escaped message + tail.
 */
export function eventLineParts(ctx: PayloadContext): { head: string; tail: string } {
  let head = `,"host":${JSON.stringify(ctx.host)},"source":${JSON.stringify(ctx.source)},"sourcetype":${JSON.stringify(ctx.sourcetype)}`;
  if (ctx.index !== undefined) head += `,"index":${JSON.stringify(ctx.index)}`;
  head += ',"event":"';
  const tail = ctx.fields !== undefined ? `","fields":${JSON.stringify(ctx.fields)}}\n` : EVENT_LINE_END;
  return { head, tail };
}
