import { launchHecMock, type HecMock, type HecMockOptions } from '../server.js';
import type { TokenConfig } from '../collector/auth.js';
import { AdminAuth } from './admin-auth.js';
import { generateSplunkLikeChain } from './certificates.js';
import { HecInputs } from './hec-inputs.js';
import type { ManagementContext } from './management-api.js';
import { listenManagement } from './management-server.js';
import { SearchJobs } from './search-jobs.js';

/** The splunk/splunk image's ports: HEC and the management API (splunkd). */
export const SPLUNK_HEC_PORT = 8088;
export const SPLUNK_MANAGEMENT_PORT = 8089;
/** The version `server/info` answers: the Splunk Enterprise release the fidelity table was measured against. */
export const ANSWERED_SPLUNK_VERSION = '10.4.3';
/** The name the splunk/splunk image gives the token it makes from SPLUNK_HEC_TOKEN. */
export const IMAGE_TOKEN_NAME = 'splunk_hec_token';

export interface SplunkCompatOptions extends Omit<HecMockOptions, 'port' | 'tls'> {
  /** The admin user's password (the image reads SPLUNK_PASSWORD). */
  adminPassword: string;
  /** 0 (default) picks a free port; the CLI uses 8088. */
  hecPort?: number;
  /** 0 (default) picks a free port; the CLI uses 8089. */
  managementPort?: number;
  /** Serve this certificate on both ports instead of a generated Splunk-like chain. */
  tls?: { cert: string | Buffer; key: string | Buffer };
  /** What `server/info` and search results call this server (default hec-mock). */
  serverName?: string;
  /** Epoch milliseconds (tests inject a clock). */
  now?: () => number;
}

/** A running `--splunk-compat` mock. */
export interface SplunkCompat {
  /** The HEC mock on the HEC port: events, waits, faults, as any mock. */
  hec: HecMock;
  hecUrl: string;
  managementUrl: string;
  /** PEM of the generated CA, for a client that chooses to trust it (undefined with `tls`). */
  ca: string | undefined;
  stop(): Promise<void>;
}

/**
 * Starts hec-mock as a stand-in for the splunk/splunk container: HEC over HTTPS, and the
 * management API a CI suite calls to enable HEC, manage tokens and search what was indexed.
 */
export async function startSplunkCompat(options: SplunkCompatOptions): Promise<SplunkCompat> {
  const { adminPassword, hecPort, managementPort, tls, serverName = 'hec-mock', now = Date.now, ...hecOptions } = options;
  const chain = tls ? undefined : await generateSplunkLikeChain(new Date(now()));
  const certificate = tls ?? { cert: (chain as NonNullable<typeof chain>).cert, key: (chain as NonNullable<typeof chain>).key };
  // Every token gets a name: the management API lists tokens by name.
  let unnamed = 0;
  const tokens = (hecOptions.tokens ?? []).map((t): TokenConfig | string => {
    const config = typeof t === 'string' ? { token: t, ack: hecOptions.ack ?? true } : t;
    return config.name ? config : { ...config, name: unnamed++ === 0 ? 'hec-mock' : `hec-mock-${unnamed}` };
  });
  let management: Awaited<ReturnType<typeof listenManagement>> | undefined;
  const closeManagement = () =>
    new Promise<void>((resolve) => {
      if (!management) return resolve();
      management.server.close(() => resolve());
      management.server.closeAllConnections();
    });
  const launched = await launchHecMock({
    ...hecOptions,
    ...(tokens.length > 0 ? { tokens } : {}),
    port: hecPort ?? 0,
    tls: certificate,
    onStopped: () => void closeManagement().then(() => hecOptions.onStopped?.()),
  });
  if (tokens.length === 0) for (const config of launched.ctx.tokens.values()) config.name ??= 'hec-mock';
  let hecEnabled = true;
  const m: ManagementContext = {
    auth: new AdminAuth(adminPassword),
    inputs: new HecInputs(launched.ctx.tokens, serverName),
    jobs: new SearchJobs(),
    events: () => launched.mock.events(),
    hecEnabled: () => hecEnabled,
    setHecEnabled: async (enabled) => {
      hecEnabled = enabled;
      await launched.setListening(enabled);
    },
    hecPort: launched.mock.port,
    base: '',
    serverName,
    version: ANSWERED_SPLUNK_VERSION,
    build: 'hec-mock',
    now,
  };
  const host = hecOptions.host ?? '127.0.0.1';
  try {
    management = await listenManagement(m, { port: managementPort ?? 0, host, tls: certificate, inspection: launched.handle });
  } catch (error) {
    await launched.mock.stop({ graceMs: 0 });
    throw error;
  }
  const managementUrl = `https://${host.includes(':') ? `[${host}]` : host}:${management.port}`;
  m.base = managementUrl;
  return {
    hec: launched.mock,
    hecUrl: launched.mock.url,
    managementUrl,
    ca: chain?.ca,
    stop: async () => {
      await launched.mock.stop();
      await closeManagement();
    },
  };
}
