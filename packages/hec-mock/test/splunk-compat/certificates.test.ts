import { describe, expect, it } from '@jest/globals';
import { X509Certificate } from 'node:crypto';
import { generateSplunkLikeChain } from '../../src/splunk-compat/certificates.js';
import { name, oid } from '../../src/splunk-compat/der.js';

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
});
