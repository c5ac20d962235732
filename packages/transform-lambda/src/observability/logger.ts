/** A structured logger: one JSON object per line, so CloudWatch Logs Insights can query it. */
export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

type Level = 'INFO' | 'WARN' | 'ERROR';

/** A logger writing JSON lines through `write` (stdout by default). */
export function createJsonLogger(write: (line: string) => void = (line) => process.stdout.write(line)): Logger {
  const emit = (level: Level, message: string, fields?: Record<string, unknown>) => {
    write(`${JSON.stringify({ level, timestamp: new Date().toISOString(), message, ...fields })}\n`);
  };
  return {
    info: (message, fields) => emit('INFO', message, fields),
    warn: (message, fields) => emit('WARN', message, fields),
    error: (message, fields) => emit('ERROR', message, fields),
  };
}

/** A logger that keeps its lines in memory, for tests and the local simulator. */
export function createMemoryLogger(): Logger & { lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  const push = (level: Level) => (message: string, fields?: Record<string, unknown>) => {
    lines.push({ level, message, ...fields });
  };
  return { lines, info: push('INFO'), warn: push('WARN'), error: push('ERROR') };
}
