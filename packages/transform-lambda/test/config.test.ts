import { describe, expect, it } from '@jest/globals';
import { loadConfig } from '../src/config.js';
import { ConfigError } from '../src/errors.js';

function problemsOf(env: Record<string, string>): readonly string[] {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('has documented defaults', () => {
    const config = loadConfig({});
    expect(config.endpointType).toBe('Event');
    expect(config.responseBudgetBytes).toBe(6_000_000);
    expect(config.defaults).toEqual({ source: '{logGroup}', host: '{logStream}' });
    expect(config.flowLogFormat.fields).toHaveLength(14);
    expect(config.jsonMessageAsObject).toBe(false);
  });

  it('selects the fast path, keeping the true/false it took before the WebAssembly scanner', () => {
    expect(loadConfig({}).fastPath).toBe('wasm');
    expect(loadConfig({ FAST_PATH: 'js' }).fastPath).toBe('js');
    expect(loadConfig({ FAST_PATH: 'true' }).fastPath).toBe('wasm');
    expect(loadConfig({ FAST_PATH: 'false' }).fastPath).toBe('off');
    expect(problemsOf({ FAST_PATH: 'turbo' })).toEqual([expect.stringContaining('FAST_PATH="turbo" is not one of wasm, js, off')]);
  });

  it('accepts Raw case-insensitively and routes as JSON', () => {
    const config = loadConfig({
      HEC_ENDPOINT_TYPE: 'raw',
      ROUTES: '[{"logGroupPrefix":"/aws/lambda/","sourcetype":"aws:lambda","index":"apps"}]',
    });
    expect(config.endpointType).toBe('Raw');
    expect(config.routes).toEqual([{ logGroupPrefix: '/aws/lambda/', sourcetype: 'aws:lambda', index: 'apps' }]);
  });

  it('names the variable and the fix for each bad value, all at once', () => {
    const problems = problemsOf({
      HEC_ENDPOINT_TYPE: 'Json',
      RESPONSE_BUDGET_BYTES: 'lots',
      VPC_FLOW_ACTIONS: 'ALLOW',
      JSON_MESSAGE_AS_OBJECT: 'maybe',
    });
    expect(problems).toEqual([
      'HEC_ENDPOINT_TYPE="Json" is not one of Event, Raw',
      'VPC_FLOW_ACTIONS has ALLOW: use ACCEPT, REJECT or both',
      'JSON_MESSAGE_AS_OBJECT="maybe" is not a boolean: use true or false',
      'RESPONSE_BUDGET_BYTES="lots" must be a whole number from 4096 to 6291456',
    ]);
  });

  it('rejects a routing table that is not JSON, or routes with no or two matchers', () => {
    expect(problemsOf({ ROUTES: '[{logGroup:1}]' })[0]).toMatch(/^ROUTES is not valid JSON/);
    expect(problemsOf({ ROUTES: '{"logGroup":"a"}' })[0]).toMatch(/^ROUTES must be a JSON array/);
    expect(problemsOf({ ROUTES: '[{"sourcetype":"x"}]' })).toEqual([
      'ROUTES[0] must set exactly one of logGroup, logGroupPrefix, logGroupGlob (it sets 0)',
    ]);
    expect(problemsOf({ ROUTES: '[{"logGroup":"a","logGroupGlob":"b*","color":"red"}]' })).toEqual([
      'ROUTES[0] has unknown key "color": allowed are logGroup, logGroupPrefix, logGroupGlob, sourcetype, index, source, host',
      'ROUTES[0] must set exactly one of logGroup, logGroupPrefix, logGroupGlob (it sets 2)',
    ]);
  });

  it('rejects unknown template placeholders', () => {
    expect(problemsOf({ DEFAULT_HOST: '{hostname}' })).toEqual([
      'DEFAULT_HOST="{hostname}" uses {hostname}: the placeholders are {logGroup}, {logStream}, {account}, {region}',
    ]);
  });

  it('rejects settings that Raw output cannot honour', () => {
    expect(problemsOf({ HEC_ENDPOINT_TYPE: 'Raw', HEC_INDEXED_FIELDS: 'account' })).toEqual([
      'HEC_INDEXED_FIELDS needs HEC_ENDPOINT_TYPE=Event: the raw endpoint has no indexed fields',
    ]);
  });

  it('parses custom flow log formats and protocol names', () => {
    const config = loadConfig({
      VPC_FLOW_LOG_FORMAT: '${version} ${vpc-id} ${srcaddr} ${protocol} ${action}',
      VPC_FLOW_PROTOCOLS: 'tcp, 17',
    });
    expect(config.flowLogFormat.fields).toEqual(['version', 'vpc-id', 'srcaddr', 'protocol', 'action']);
    expect([...(config.flowLogFilter.protocols ?? [])]).toEqual(['6', '17']);
    expect(problemsOf({ VPC_FLOW_LOG_FORMAT: '${version} ${action}', VPC_FLOW_PROTOCOLS: '6' })).toEqual([
      'VPC_FLOW_PROTOCOLS needs the protocol field, which VPC_FLOW_LOG_FORMAT lacks',
    ]);
    expect(problemsOf({ VPC_FLOW_LOG_FORMAT: '${version} $action' })).toEqual([
      'VPC_FLOW_LOG_FORMAT: "$action" is not a field name or ${field-name}',
    ]);
  });
});
