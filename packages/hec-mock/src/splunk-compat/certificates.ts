import { generateKeyPair, randomBytes, sign, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import { derCertificate } from './der.js';

/**
 * A certificate chain made the way a fresh Splunk makes its own at first start: a self-signed
 * root CA (`CN=SplunkCommonCA`) and a server certificate signed by it
 * (`CN=SplunkServerDefaultCert`), with no subject alternative name for the host. A client with
 * strict TLS therefore fails against the mock as it fails against a fresh Splunk: "self-signed
 * certificate in certificate chain"; and even with the CA trusted, the host name does not match.
 *
 * Written with node:crypto and a small DER writer rather than @peculiar/x509, which pulls
 * twelve packages and needs a global `reflect-metadata` polyfill in the user's process.
 * @see https://docs.splunk.com/Documentation/Splunk/latest/Security/AboutsecuringyourSplunkconfigurationwithSSL
 */
export interface GeneratedChain {
  /** PEM of the server's private key. */
  key: string;
  /** PEM of the server certificate followed by the CA's, as splunkd serves them. */
  cert: string;
  /** PEM of the CA alone, for a client that chooses to trust it. */
  ca: string;
}

/** RSA 2048, as Splunk's default certificates are (signed with SHA-256). */
const MODULUS_BITS = 2048;
/** Splunk's default certificates last three years. */
const VALIDITY_DAYS = 3 * 365;
/** The names in Splunk's default certificates. */
export const SPLUNK_CA_NAME: ReadonlyArray<[string, string]> = [
  ['C', 'US'],
  ['ST', 'CA'],
  ['L', 'San Francisco'],
  ['O', 'Splunk'],
  ['CN', 'SplunkCommonCA'],
];
export const SPLUNK_SERVER_NAME: ReadonlyArray<[string, string]> = [
  ['CN', 'SplunkServerDefaultCert'],
  ['O', 'SplunkUser'],
];

const pem = (label: string, der: Buffer) => `-----BEGIN ${label}-----\n${der.toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n?$/, '\n')}-----END ${label}-----\n`;
const keyPair = promisify(generateKeyPair);

/** A certificate for `subjectKey`, signed by `issuerKey`. */
function certificate(subject: ReadonlyArray<[string, string]>, subjectKey: KeyObject, issuer: ReadonlyArray<[string, string]>, issuerKey: KeyObject, isCa: boolean, now: Date): Buffer {
  const notBefore = new Date(now.getTime() - 60_000);
  const notAfter = new Date(now.getTime() + VALIDITY_DAYS * 86_400_000);
  // A positive serial: the top bit cleared.
  const serial = randomBytes(8);
  serial[0] = (serial[0] as number) & 0x7f;
  return derCertificate({ serial, issuer, subject, notBefore, notAfter, spki: subjectKey.export({ type: 'spki', format: 'der' }), isCa }, (tbs) => sign('sha256', tbs, issuerKey));
}

export async function generateSplunkLikeChain(now = new Date()): Promise<GeneratedChain> {
  const [ca, server] = await Promise.all([keyPair('rsa', { modulusLength: MODULUS_BITS }), keyPair('rsa', { modulusLength: MODULUS_BITS })]);
  const caCert = certificate(SPLUNK_CA_NAME, ca.publicKey, SPLUNK_CA_NAME, ca.privateKey, true, now);
  const serverCert = certificate(SPLUNK_SERVER_NAME, server.publicKey, SPLUNK_CA_NAME, ca.privateKey, false, now);
  const key = server.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
  return { key, cert: pem('CERTIFICATE', serverCert) + pem('CERTIFICATE', caCert), ca: pem('CERTIFICATE', caCert) };
}
