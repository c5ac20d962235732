import type { RouteTemplates } from '../routing/routing.js';
import type { TemplatePart } from '../routing/template.js';

/**
 * Where a record's header strings lie in the scanner's memory. The scanner (scanHeader) took
 * them only without escapes or control characters, and the payload is valid UTF-8, so each one's
 * bytes are exactly its JSON string content.
 */
export interface HeaderSpans {
  ownerStart: number;
  ownerEnd: number;
  groupStart: number;
  groupEnd: number;
  streamStart: number;
  streamEnd: number;
}

/** A piece of the head: literal bytes, or a header string copied from the payload. */
type Segment = Buffer | 'account' | 'logGroup' | 'logStream';

const LURKING_SURROGATE = /[\ud800-\udfff]/;

/** A string's JSON content: JSON.stringify without the quotes. */
const jsonContent = (text: string) => JSON.stringify(text).slice(1, -1);

/**
 * The head of a record's HEC Event lines, `,"host":"..","source":"..","sourcetype":"..",
 * ["index":"..",]"event":"`, as eventLineParts writes it, kept as a program of literal bytes and
 * header spans: for a log group's route it is built once, and per record it is copied into the
 * scanner's memory without a string (the small-record bench spent about a fifth of its time
 * making three strings from the header, resolving the context and writing the head per
 * record). Exact, because JSON.stringify escapes a string character by character: the escaped
 * text of `literal + value + literal` is the literals' escaped text around the value's, and
 * a header value needs no escaping. That fails for one case only, a lone surrogate in a literal
 * meeting its other half across an empty value: such a route gets no program
 * (`EventHeadProgram.build` returns undefined) and keeps the string path.
 */
export class EventHeadProgram {
  private constructor(
    private readonly segments: readonly Segment[],
    private readonly literalBytes: number,
    /** How many times each header string is copied in. */
    private readonly uses: { account: number; logGroup: number; logStream: number },
  ) {}

  static build(route: RouteTemplates, sourcetype: string, region: string): EventHeadProgram | undefined {
    const segments: Segment[] = [];
    const uses = { account: 0, logGroup: 0, logStream: 0 };
    let pending = '';
    const literal = (text: string) => {
      pending += text;
    };
    const flush = () => {
      if (pending.length > 0) segments.push(Buffer.from(pending, 'utf8'));
      pending = '';
    };
    let surrogate = false;
    const template = (parts: readonly TemplatePart[]) => {
      for (const part of parts) {
        if ('literal' in part) {
          surrogate ||= LURKING_SURROGATE.test(part.literal);
          literal(jsonContent(part.literal));
        } else if (part.value === 'region') {
          surrogate ||= LURKING_SURROGATE.test(region);
          literal(jsonContent(region));
        } else {
          flush();
          segments.push(part.value);
          uses[part.value]++;
        }
      }
    };
    literal(',"host":"');
    template(route.hostParts);
    literal(`","source":"`);
    template(route.sourceParts);
    literal(`","sourcetype":${JSON.stringify(sourcetype)}`);
    if (route.index !== undefined) literal(`,"index":${JSON.stringify(route.index)}`);
    literal(',"event":"');
    flush();
    if (surrogate) return undefined;
    const literalBytes = segments.reduce((sum, s) => sum + (typeof s === 'string' ? 0 : s.length), 0);
    return new EventHeadProgram(segments, literalBytes, uses);
  }

  /** The head's length for a record's header. */
  bytes(spans: HeaderSpans): number {
    return (
      this.literalBytes +
      this.uses.account * (spans.ownerEnd - spans.ownerStart) +
      this.uses.logGroup * (spans.groupEnd - spans.groupStart) +
      this.uses.logStream * (spans.streamEnd - spans.streamStart)
    );
  }

  /** Writes the head at `at` (room for `bytes(spans)` is the caller's); returns its length. */
  write(memory: Buffer, at: number, spans: HeaderSpans): number {
    let w = at;
    for (const segment of this.segments) {
      if (typeof segment !== 'string') {
        memory.set(segment, w);
        w += segment.length;
        continue;
      }
      let start = spans.ownerStart;
      let end = spans.ownerEnd;
      if (segment === 'logStream') {
        start = spans.streamStart;
        end = spans.streamEnd;
      } else if (segment === 'logGroup') {
        start = spans.groupStart;
        end = spans.groupEnd;
      }
      memory.copyWithin(w, start, end);
      w += end - start;
    }
    return w - at;
  }
}
