import type { TransformConfig } from './config.js';
import { createFastFormatter, type FastFormatter } from './fast-format.js';
import type { PayloadFormatter } from './format-payload.js';
import { createWasmFormatter } from './wasm-format.js';

/**
 * The configured chain of fast formatters, fastest first; each passes what it declines to the
 * next, and the general path takes what all decline. `FAST_PATH=wasm` (default): WebAssembly
 * scanner, then JS fast path; `js`: the JS fast path alone; `off`: none.
 */
export function createFastPath(config: TransformConfig, general: PayloadFormatter): FastFormatter | undefined {
  if (config.fastPath === 'off') return undefined;
  const js = createFastFormatter(config, general);
  if (config.fastPath === 'js') return js;
  const wasm = createWasmFormatter(config, general);
  if (wasm === undefined || js === undefined) return wasm ?? js;
  return (decompressed, region) => wasm(decompressed, region) ?? js(decompressed, region);
}
