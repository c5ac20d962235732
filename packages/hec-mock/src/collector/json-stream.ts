/**
 * The body's JSON values, each with the length of its text give or take the white space on
 * its line (what HEC's maxEventSize limits),
 * or the number of the value that is broken and the values before it.
 */
export type SplitResult = { ok: true; values: unknown[]; sizes: number[] } | { ok: false; valuesBefore: unknown[]; sizesBefore: number[]; badIndex: number };

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;
}

/** Where reading a batch stopped: at a value that does not parse (its number), or not at all. */
export interface BatchRead {
  /** Values visited. */
  count: number;
  /** The number of the first value that does not parse, if one does not. */
  badIndex?: number;
  /** True when the visitor asked to stop. */
  stopped: boolean;
}

/**
 * Reads a HEC event body: JSON values one after another (not only objects: a top-level array is
 * a value too), with optional white space between, handing each to `visit` with the length of
 * its text (give or take the white space on its line) and where that text is, as soon as it
 * is parsed, so a body of a
 * million events never holds a million parsed values at once. Stops at the first value that is
 * not valid JSON, or when `visit` returns false.
 */
export function readJsonBatch(text: string, visit: (value: unknown, size: number, start: number, end: number) => boolean): BatchRead {
  // Common case first: one value per line, as Firehose and most clients send; one JSON.parse
  // per line measured faster than joining the lines into one array to parse. At the first line
  // that does not parse alone (a value across lines, several on one line), the scanner below
  // takes over from that line.
  const n = text.length;
  let count = 0;
  let pos = 0;
  while (pos < n) {
    let end = text.indexOf('\n', pos);
    if (end < 0) end = n;
    const length = end - pos;
    if (length === 0 || (length < 3 && text.slice(pos, end).trim() === '')) {
      pos = end + 1;
      continue;
    }
    const line = text.slice(pos, end);
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      break;
    }
    count++;
    if (!visit(value, length, pos, end)) return { count, stopped: true };
    pos = end + 1;
  }
  if (pos >= n) return { count, stopped: false };

  let i = pos;
  while (i < n) {
    while (i < n && isSpace(text.charCodeAt(i))) i++;
    if (i >= n) break;
    const start = i;
    const first = text.charCodeAt(i);
    if (first === 0x7b || first === 0x5b) {
      // Object or array: find the matching close bracket, skipping strings.
      let depth = 0;
      let inString = false;
      for (; i < n; i++) {
        const c = text.charCodeAt(i);
        if (inString) {
          if (c === 0x5c) i++;
          else if (c === 0x22) inString = false;
        } else if (c === 0x22) inString = true;
        else if (c === 0x7b || c === 0x5b) depth++;
        else if (c === 0x7d || c === 0x5d) {
          depth--;
          if (depth === 0) {
            i++;
            break;
          }
        }
      }
    } else {
      // A scalar: runs to the next white space or bracket.
      while (i < n && !isSpace(text.charCodeAt(i)) && text[i] !== '{' && text[i] !== '[') i++;
    }
    let value: unknown;
    try {
      value = JSON.parse(text.slice(start, i));
    } catch {
      return { count, badIndex: count, stopped: false };
    }
    count++;
    if (!visit(value, i - start, start, i)) return { count, stopped: true };
  }
  return { count, stopped: false };
}

/** Every value of a body at once (for tests and small bodies): see readJsonBatch. */
export function splitConcatenatedJson(text: string): SplitResult {
  const values: unknown[] = [];
  const sizes: number[] = [];
  const read = readJsonBatch(text, (value, size) => {
    values.push(value);
    sizes.push(size);
    return true;
  });
  return read.badIndex === undefined ? { ok: true, values, sizes } : { ok: false, valuesBefore: values, sizesBefore: sizes, badIndex: read.badIndex };
}
