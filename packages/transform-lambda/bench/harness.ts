import { createHandler } from '../src/handler.js';
import { loadConfig, type FastPathSetting, type GunzipImplementation, type HecEndpointType } from '../src/config.js';
import { silentLogger as silent } from '../src/observability/logger.js';
import { noMetrics } from '../src/observability/metrics.js';
import type { ReingestSender } from '../src/reingest/reingest.js';

/** Accepts every re-ingested entry in memory, as a healthy stream would. */
export const acceptingSender: ReingestSender = {
  description: 'bench:accept-all',
  put: async () => ({ failed: [] }),
};

/** The project's handler as the bench drives it: no log or metric I/O, re-ingest in memory. */
export function benchHandler(mode: HecEndpointType, gunzip: GunzipImplementation, budgetBytes?: number, fastPath: FastPathSetting = 'wasm', extraEnv: Record<string, string> = {}) {
  const config = loadConfig({ HEC_ENDPOINT_TYPE: mode, GUNZIP_IMPL: gunzip, METRICS_ENABLED: 'false', FAST_PATH: String(fastPath), ...extraEnv });
  if (budgetBytes !== undefined) config.responseBudgetBytes = budgetBytes;
  return createHandler({ config, logger: silent, metrics: noMetrics, senderFor: () => acceptingSender });
}
