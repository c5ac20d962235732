import { describe, expect, it } from '@jest/globals';
import { gzipSync } from 'node:zlib';
import { decodeBase64Strict, decodeRecord } from '../src/record/decode-record.js';
import { gunzipWithZlib, loadGunzip } from '../src/record/gunzip.js';
import { dataMessage, encodePayload } from './helpers.js';

const gunzip = gunzipWithZlib;

describe('decodeRecord', () => {
  it('decodes a CloudWatch Logs payload', () => {
    const result = decodeRecord(encodePayload(dataMessage(['x'])), gunzip);
    expect(result.ok && result.fast === undefined && result.payload.messageType).toBe('DATA_MESSAGE');
  });

  it.each([
    ['not base64 at all!', 'invalid-base64'],
    [Buffer.from('plain text, not gzip').toString('base64'), 'invalid-gzip'],
    [gzipSync('x').subarray(0, 15).toString('base64'), 'invalid-gzip'],
    [Buffer.concat([gzipSync('{"messageType":"DATA_MESSAGE"}').subarray(0, 25), Buffer.alloc(10)]).toString('base64'), 'invalid-gzip'],
    [encodePayload('{"messageType": "DATA_MESSAGE", "logEvents": ['), 'invalid-json'],
    [encodePayload({ messageType: 'SOMETHING' }), 'unknown-message-type'],
    [encodePayload([1, 2]), 'unknown-message-type'],
    [encodePayload({ messageType: 'DATA_MESSAGE', logGroup: 'g' }), 'missing-log-events'],
    [encodePayload({ messageType: 'DATA_MESSAGE', logEvents: [{ timestamp: 1 }] }), 'invalid-log-event'],
    [encodePayload({ messageType: 'DATA_MESSAGE', logEvents: [{ timestamp: '1', message: 'm' }] }), 'invalid-log-event'],
  ])('reports %s as %s', (data, reason) => {
    const result = decodeRecord(data, gunzip);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toBe(reason);
  });

  it('reads the same with fflate as with zlib', async () => {
    const data = encodePayload(dataMessage(['a', 'b']));
    expect(decodeRecord(data, await loadGunzip('fflate'))).toEqual(decodeRecord(data, gunzip));
  });
});

describe('decodeBase64Strict', () => {
  it('rejects characters Node would silently skip', () => {
    expect(decodeBase64Strict('aGVsbG8=')?.toString()).toBe('hello');
    expect(decodeBase64Strict('aGV*bG8=')).toBeUndefined();
    expect(decodeBase64Strict('aGVsbG8')).toBeUndefined();
  });
});
