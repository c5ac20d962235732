import { gunzipSync as zlibGunzipSync } from 'node:zlib';
import { gunzipSync as fflateGunzipSync } from 'fflate';
import type { GunzipImplementation } from './config.js';

/** Decompresses one gzip member; throws on corrupt input. */
export type Gunzip = (compressed: Buffer) => Buffer;

function gunzipWithZlib(compressed: Buffer): Buffer {
  return zlibGunzipSync(compressed);
}

function gunzipWithFflate(compressed: Buffer): Buffer {
  const out = fflateGunzipSync(compressed);
  return Buffer.from(out.buffer, out.byteOffset, out.byteLength);
}

/** The gunzip function for a configured implementation name. */
export function selectGunzip(implementation: GunzipImplementation): Gunzip {
  return implementation === 'fflate' ? gunzipWithFflate : gunzipWithZlib;
}

/** True when the bytes start with the gzip magic number. */
export function hasGzipMagic(bytes: Buffer): boolean {
  return bytes.length >= 18 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}
