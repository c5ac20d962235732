import { describe, expect, it } from '@jest/globals';
import { generateKeyPairSync, sign, X509Certificate } from 'node:crypto';
import { generateSplunkLikeChain } from '../../src/splunk-compat/certificates.js';
import { createSecureContext } from 'node:tls';
import { derCertificate, integer, name, oid } from '../../src/splunk-compat/der.js';

describe('the Splunk-like certificate chain', () => {
  it('is a self-signed CA named as Splunk names its own, and a server certificate it signed', async () => {
    const chain = await generateSplunkLikeChain(new Date('2026-12-02T00:00:00Z'));
    const ca = new X509Certificate(chain.ca);
    const [server] = chain.cert.split(/(?<=-----END CERTIFICATE-----\n)/).map((pem) => new X509Certificate(pem));
    expect(ca.subject).toContain('CN=SplunkCommonCA');
    expect(ca.ca).toBe(true);
    expect(ca.verify(ca.publicKey)).toBe(true);
    expect(server!.subject).toBe('CN=SplunkServerDefaultCert\nO=SplunkUser');
    expect(server!.ca).toBe(false);
    expect(server!.checkIssued(ca)).toBe(true);
    expect(server!.verify(ca.publicKey)).toBe(true);
    expect(server!.subjectAltName).toBeUndefined();
    expect(server!.checkPrivateKey((await import('node:crypto')).createPrivateKey(chain.key))).toBe(true);
    expect(new Date(server!.validTo).getUTCFullYear()).toBe(2029);
    expect(chain.cert.endsWith(chain.ca)).toBe(true);
  });

  it('writes OIDs and names in DER as RFC 5280 and X.690 say', () => {
    // sha256WithRSAEncryption, a multi-byte arc.
    expect(oid('1.2.840.113549.1.1.11').toString('hex')).toBe('06092a864886f70d01010b');
    expect(oid('2.5.4.3').toString('hex')).toBe('0603550403');
    expect(name([['CN', 'a']]).toString('hex')).toBe('300c310a300806035504030c0161');
  });

  it('writes integers in their shortest form, so OpenSSL loads a certificate whatever its random serial', () => {
    expect(integer(Buffer.from([0x00, 0x05, 0x01])).toString('hex')).toBe('02020501');
    expect(integer(Buffer.from([0x00, 0x00, 0x85])).toString('hex')).toBe('02020085');
    expect(integer(Buffer.from([0x00])).toString('hex')).toBe('020100');
    expect(integer(2).toString('hex')).toBe('020102');
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    // The serials that a random draw gives once in 512: a zero byte before one under 0x80.
    for (const serial of [[0x00, 0x05, 1, 2, 3, 4, 5, 6], [0x00, 0x00, 0x00, 0x7f, 1, 2, 3, 4], [0x00, 0x85, 1, 2, 3, 4, 5, 6]]) {
      const der = derCertificate(
        { serial: Buffer.from(serial), issuer: [['CN', 'ca']], subject: [['CN', 'ca']], notBefore: new Date('2026-12-01T00:00:00Z'), notAfter: new Date('2029-12-01T00:00:00Z'), spki: publicKey.export({ type: 'spki', format: 'der' }), isCa: true },
        (tbs) => sign('sha256', tbs, privateKey),
      );
      const pem = `-----BEGIN CERTIFICATE-----\n${der.toString('base64').replace(/(.{64})/g, '$1\n')}\n-----END CERTIFICATE-----\n`;
      expect(() => createSecureContext({ cert: pem, key: privateKey.export({ type: 'pkcs8', format: 'pem' }) })).not.toThrow();
      expect(new X509Certificate(pem).serialNumber.replace(/^0+/, '')).toBe(Buffer.from(serial).toString('hex').toUpperCase().replace(/^0+/, ''));
    }
  });
});
