/**
 * Just enough DER to write an X.509 v3 certificate: the TBS structure of RFC 5280 with RSA
 * and SHA-256, names as sequences of attribute pairs, and the two extensions a CA and a TLS
 * server certificate need. Node verifies what this writes (test/splunk-compat/certificates.test.ts).
 * @see https://www.rfc-editor.org/rfc/rfc5280#section-4.1
 */

function length(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

const tlv = (tag: number, ...content: Buffer[]): Buffer => {
  const body = Buffer.concat(content);
  return Buffer.concat([Buffer.from([tag]), length(body.length), body]);
};
const sequence = (...items: Buffer[]) => tlv(0x30, ...items);
const set = (...items: Buffer[]) => tlv(0x31, ...items);
const explicit = (n: number, item: Buffer) => tlv(0xa0 | n, item);
const boolean = (value: boolean) => tlv(0x01, Buffer.from([value ? 0xff : 0]));
const octets = (value: Buffer) => tlv(0x04, value);
const bits = (value: Buffer, unusedBits = 0) => tlv(0x03, Buffer.from([unusedBits]), value);
const NULL = Buffer.from([0x05, 0x00]);

/**
 * An unsigned big-endian integer in its shortest form (X.690 §8.3.2): redundant leading zero
 * bytes dropped, one zero added back when the top bit is set. OpenSSL refuses a padded integer
 * ("illegal padding"), so a random serial starting 0x00 0x05 once in 512 certificates made
 * `--splunk-compat` exit at start-up.
 */
export function integer(value: Buffer | number): Buffer {
  let bytes = typeof value === 'number' ? Buffer.from([value]) : value;
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  bytes = bytes.subarray(start);
  if (((bytes[0] as number) & 0x80) !== 0) bytes = Buffer.concat([Buffer.from([0]), bytes]);
  return tlv(0x02, bytes);
}

export function oid(dotted: string): Buffer {
  const [first, second, ...rest] = dotted.split('.').map(Number) as [number, number, ...number[]];
  const bytes = [40 * first + second];
  for (const arc of rest) {
    const groups: number[] = [];
    for (let v = arc; ; v = Math.floor(v / 128)) {
      groups.unshift((v & 0x7f) | (groups.length > 0 ? 0x80 : 0));
      if (v < 128) break;
    }
    bytes.push(...groups);
  }
  return tlv(0x06, Buffer.from(bytes));
}

/** UTCTime up to 2049, GeneralizedTime from 2050, as RFC 5280 §4.1.2.5 requires. */
function time(at: Date): Buffer {
  const iso = at.toISOString();
  const digits = iso.slice(0, 19).replace(/[-T:]/g, '') + 'Z';
  return at.getUTCFullYear() < 2050 ? tlv(0x17, Buffer.from(digits.slice(2), 'ascii')) : tlv(0x18, Buffer.from(digits, 'ascii'));
}

const ATTRIBUTES: Record<string, string> = { C: '2.5.4.6', ST: '2.5.4.8', L: '2.5.4.7', O: '2.5.4.10', OU: '2.5.4.11', CN: '2.5.4.3' };

/** A distinguished name from attribute pairs, in order: country as PrintableString, the rest UTF8String. */
export function name(pairs: ReadonlyArray<[string, string]>): Buffer {
  return sequence(
    ...pairs.map(([key, value]) => {
      const type = ATTRIBUTES[key];
      if (type === undefined) throw new Error(`no OID for the name attribute ${key}`);
      return set(sequence(oid(type), tlv(key === 'C' ? 0x13 : 0x0c, Buffer.from(value, 'utf8'))));
    }),
  );
}

const SHA256_WITH_RSA = sequence(oid('1.2.840.113549.1.1.11'), NULL);

export interface CertificateFields {
  serial: Buffer;
  issuer: ReadonlyArray<[string, string]>;
  subject: ReadonlyArray<[string, string]>;
  notBefore: Date;
  notAfter: Date;
  /** SubjectPublicKeyInfo, DER, as `KeyObject.export({ type: 'spki', format: 'der' })` gives it. */
  spki: Buffer;
  /** A CA signs certificates (keyCertSign, cRLSign); otherwise a TLS server (digitalSignature, keyEncipherment). */
  isCa: boolean;
}

/** A DER certificate; `signTbs` signs the to-be-signed bytes with the issuer's key (SHA-256 with RSA). */
export function derCertificate(fields: CertificateFields, signTbs: (tbs: Buffer) => Buffer): Buffer {
  const basicConstraints = sequence(oid('2.5.29.19'), boolean(true), octets(fields.isCa ? sequence(boolean(true)) : sequence()));
  const keyUsage = sequence(oid('2.5.29.15'), boolean(true), octets(fields.isCa ? bits(Buffer.from([0x06]), 1) : bits(Buffer.from([0xa0]), 5)));
  const tbs = sequence(
    explicit(0, integer(2)),
    integer(fields.serial),
    SHA256_WITH_RSA,
    name(fields.issuer),
    sequence(time(fields.notBefore), time(fields.notAfter)),
    name(fields.subject),
    fields.spki,
    explicit(3, sequence(basicConstraints, keyUsage)),
  );
  return sequence(tbs, SHA256_WITH_RSA, bits(signTbs(tbs)));
}
