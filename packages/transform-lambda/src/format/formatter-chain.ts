import type { TransformConfig } from '../config.js';
import type { DirectFlowLogFormatter } from './direct-flow-log-formatter.js';
import { createFastFormatter, type FastFormatter } from './js-fast-formatter.js';
import type { PayloadFormatter } from './general-formatter.js';
import { createWasmFormatter } from './wasm-formatter.js';
import type { RecordPipeline } from './wasm-record-pipeline.js';

/**
 * Tries each formatter in turn; the first answer wins. A formatter that throws (say the
 * WebAssembly memory cannot grow) counts as declining: a fast path must never be the reason
 * a record, let alone a batch, fails; the general path is always there behind them.
 */
export function chainFormatters(formatters: ReadonlyArray<FastFormatter | undefined>, onError?: (error: unknown) => void): FastFormatter | undefined {
  const present = formatters.filter((f): f is FastFormatter => f !== undefined);
  if (present.length === 0) return undefined;
  return (decompressed, region) => {
    for (const format of present) {
      try {
        const result = format(decompressed, region);
        if (result !== undefined) return result;
      } catch (error) {
        // Declined; the next one (finally the general path) takes the payload.
        onError?.(error);
      }
    }
    return undefined;
  };
}

/**
 * The configured chain of fast formatters, fastest first; each passes what it declines to the
 * next, and the general path takes what all decline. `FAST_PATH=wasm` (default): WebAssembly
 * scanner, then JS fast path; `js`: the JS fast path alone; `off`: none.
 */
export function createFastPath(config: TransformConfig, general: PayloadFormatter, onError?: (error: unknown) => void): FastFormatter | undefined {
  if (config.fastPath === 'off') return undefined;
  const js = createFastFormatter(config, general);
  if (config.fastPath === 'js') return chainFormatters([js], onError);
  return chainFormatters([createWasmFormatter(config, general), js], onError);
}

/**
 * The record pipeline with the same rule: one that throws has declined that record. Its
 * arguments are passed by name, not through a rest parameter: it runs once per record, and one
 * array per call showed in the direct formatter's time.
 */
export function guardPipeline(pipeline: RecordPipeline | undefined, onError?: (error: unknown) => void): RecordPipeline | undefined {
  if (pipeline === undefined) return undefined;
  return (data, region) => {
    try {
      return pipeline(data, region);
    } catch (error) {
      onError?.(error);
      return undefined;
    }
  };
}

/** The direct flow log formatter with the same rule, its four arguments passed by name too. */
export function guardDirectFormatter(format: DirectFlowLogFormatter, onError?: (error: unknown) => void): DirectFlowLogFormatter {
  return (data, arrivalMs, recordId, region) => {
    try {
      return format(data, arrivalMs, recordId, region);
    } catch (error) {
      onError?.(error);
      return undefined;
    }
  };
}
