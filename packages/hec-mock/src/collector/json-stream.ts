/**
 * The body's JSON values, each with the length of its text give or take the white space on
 * its line (what HEC's maxEventSize limits),
 * or the number of the value that is broken and the values before it.
 */
export type SplitResult = { ok: true; values: unknown[]; sizes: number[] } | { ok: false; valuesBefore: unknown[]; sizesBefore: number[]; badIndex: number };

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
  const fastSizes: number[] = [];
  let fastOk = true;
  for (const line of text.split('\n')) {
    if (line.length === 0 || (line.length < 3 && line.trim() === '')) continue;
    try {
      fast.push(JSON.parse(line));
      fastSizes.push(line.length);
    } catch {
      fastOk = false;
      break;
    }
  }
  if (fastOk) return { ok: true, values: fast, sizes: fastSizes };

  const values: unknown[] = [];
  const sizes: number[] = [];
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
      sizes.push(i - start);
    } catch {
      return { ok: false, valuesBefore: values, sizesBefore: sizes, badIndex: values.length };
    }
  }
  return { ok: true, values, sizes };
}

/**
 * The objects of a batch in HEC's numbering: a top-level JSON array stands for its elements
 * (Splunk accepts a batch as an array as well as objects one after another). An element's size
 * is its array's when that is within `maxEventBytes` (no element can be larger), and measured
 * only when it is not.
 */
export function flattenBatch(values: readonly unknown[], sizes: readonly number[], maxEventBytes: number, measure: (value: unknown) => number): { values: unknown[]; sizes: number[] } {
  let hasArray = false;
  for (const v of values) if (Array.isArray(v)) hasArray = true;
  if (!hasArray) return { values: values as unknown[], sizes: sizes as number[] };
  const flatValues: unknown[] = [];
  const flatSizes: number[] = [];
  values.forEach((value, i) => {
    const size = sizes[i] as number;
    if (!Array.isArray(value)) {
      flatValues.push(value);
      flatSizes.push(size);
      return;
    }
    for (const element of value) {
      flatValues.push(element);
      flatSizes.push(size <= maxEventBytes ? size : measure(element));
    }
  });
  return { values: flatValues, sizes: flatSizes };
}
