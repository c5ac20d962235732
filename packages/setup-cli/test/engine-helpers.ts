import { ConfiguredRetryStrategy } from '@smithy/util-retry';
import { createClients } from '../src/aws/clients.js';
import { resourceNames } from '../src/names.js';
import type { EngineContext } from '../src/engine/context.js';
import { validateSettings, type RawSettings, type Settings } from '../src/settings.js';

export const ACCOUNT = '111122223333';
export const TOKEN = 'c0ffee00-1111-2222-3333-444455556666';

export function testSettings(raw: RawSettings = {}): Settings {
  const checked = validateSettings({ accountId: ACCOUNT, region: 'eu-west-1', hecUrl: 'https://hec.example.com:443', vpcIds: ['vpc-0a1b2c3d'], logGroups: ['/app/orders'], ...raw });
  if (!checked.ok) throw new Error(checked.problems.join('; '));
  return checked.settings;
}

/** An engine context against the fake: static credentials, no waiting between retries. */
export function testContext(settings: Settings, write: boolean, zip = Buffer.from('zip v1')): EngineContext & { messages: string[] } {
  const messages: string[] = [];
  return {
    clients: createClients(settings.region, async () => ({ accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' }), new ConfiguredRetryStrategy(6, () => 5)),
    settings,
    names: resourceNames(settings),
    write,
    progress: (m) => messages.push(m),
    retry: { attempts: 5, baseDelayMs: 0, maxDelayMs: 0, sleep: async () => {} },
    hecToken: async () => TOKEN,
    lambdaZip: () => zip,
    waitForActive: { timeoutMs: 10_000, pollMs: 0 },
    messages,
  };
}
