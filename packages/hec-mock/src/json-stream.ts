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
  // Common case first: one value per line, as Firehose and most clients send. JSON strings
  // cannot hold a raw newline, so turning newlines into commas inside one array is valid
  // JSON exactly when every line is a whole value; anything else falls to the scanner below.
  const trimmed = text.trim();
  if (trimmed.length > 0) {
    try {
      const all: unknown = JSON.parse(`[${trimmed.replace(/\n+/g, ',')}]`);
      if (Array.isArray(all)) return { ok: true, values: all };
    } catch {
      // fall through to the exact scanner, which finds the bad value's number
    }
  }

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
