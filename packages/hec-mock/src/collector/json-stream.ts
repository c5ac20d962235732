/** Where the body's n-th JSON value starts and ends, or the number of the value that is broken. */
export type SplitResult = { ok: true; values: unknown[] } | { ok: false; valuesBefore: unknown[]; badIndex: number };

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;
}

/**
 * Reads a HEC event body: JSON values one after another (not an array), with optional
 * white space between. Stops at the first value that is not valid JSON and reports its number.
 */
export function splitConcatenatedJson(text: string): SplitResult {
  // Common case first: one value per line, as Firehose and most clients send; one
  // JSON.parse per line measured faster than joining the lines into one array to parse.
  // Anything else (values across lines, several on one line) falls to the scanner below.
  const fast: unknown[] = [];
  let fastOk = true;
  for (const line of text.split('\n')) {
    if (line.length === 0 || (line.length < 3 && line.trim() === '')) continue;
    try {
      fast.push(JSON.parse(line));
    } catch {
      fastOk = false;
      break;
    }
  }
  if (fastOk) return { ok: true, values: fast };

  const values: unknown[] = [];
  let i = 0;
  const n = text.length;
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
    try {
      values.push(JSON.parse(text.slice(start, i)));
    } catch {
      return { ok: false, valuesBefore: values, badIndex: values.length };
    }
  }
  return { ok: true, values };
}
