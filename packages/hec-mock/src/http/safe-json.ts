/**
 * JSON.stringify that never throws on depth. JSON.parse reads a value nested 100,000 levels
 * deep without complaint, but JSON.stringify recurses and throws RangeError past about 10,000
 * levels (measured on Node 20): one such event would otherwise make every inspection answer
 * that includes it fail. The usual path is JSON.stringify; only a value it cannot serialise
 * takes the iterative writer below, which writes the same text.
 */
export function safeStringify(value: unknown): string {
  try {
    return JSON.stringify(value) ?? 'null';
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    return iterativeStringify(value);
  }
}

type Frame = { kind: 'array'; items: unknown[]; next: number } | { kind: 'object'; entries: Array<[string, unknown]>; next: number; wrote: boolean };

/** JSON.stringify's output for plain JSON values (what JSON.parse and HEC produce), without recursion. */
export function iterativeStringify(root: unknown): string {
  const out: string[] = [];
  const stack: Frame[] = [];
  // Writes a scalar, or opens a container and pushes its frame; false when the value is skipped.
  const begin = (value: unknown, inArray: boolean): boolean => {
    if (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
      value = (value as { toJSON: () => unknown }).toJSON();
    }
    if (Array.isArray(value)) {
      out.push('[');
      stack.push({ kind: 'array', items: value, next: 0 });
    } else if (value !== null && typeof value === 'object') {
      out.push('{');
      stack.push({ kind: 'object', entries: Object.entries(value), next: 0, wrote: false });
    } else if (value === undefined || typeof value === 'function' || typeof value === 'symbol') {
      if (!inArray) return false;
      out.push('null');
    } else {
      out.push(JSON.stringify(value) ?? 'null');
    }
    return true;
  };
  if (!begin(root, true)) return 'null';
  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!;
    if (frame.kind === 'array') {
      if (frame.next >= frame.items.length) {
        out.push(']');
        stack.pop();
        continue;
      }
      if (frame.next > 0) out.push(',');
      begin(frame.items[frame.next++], true);
    } else {
      if (frame.next >= frame.entries.length) {
        out.push('}');
        stack.pop();
        continue;
      }
      const [key, value] = frame.entries[frame.next++]!;
      const mark = out.length;
      out.push(`${frame.wrote ? ',' : ''}${JSON.stringify(key)}:`);
      if (begin(value, false)) frame.wrote = true;
      else out.length = mark;
    }
  }
  return out.join('');
}
