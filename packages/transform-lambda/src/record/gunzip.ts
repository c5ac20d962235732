import { gunzipSync as zlibGunzipSync } from 'node:zlib';
import type { GunzipImplementation } from '../config.js';

/** Decompresses one gzip member; throws on corrupt input. */
export type Gunzip = (compressed: Buffer) => Buffer;

/** The gzip trailer's ISIZE: the uncompressed length modulo 2^32 (a hint; zlib still grows if it lies). */
export function trailerSize(compressed: Buffer): number {
  return compressed.length >= 18 ? compressed.readUInt32LE(compressed.length - 4) : 0;
}

/**
 * DEFLATE expands at most 1032 times: a trailer claiming more is corrupt.
 * @see https://www.zlib.net/zlib_tech.html
 */
export const DEFLATE_MAX_RATIO = 1032;

/** The trailer's size where DEFLATE could have written it from these bytes; 0 (no size to trust) where it could not. */
export function plausibleTrailerSize(compressed: Buffer): number {
  return plausibleTrailerSizeAt(compressed, 0, compressed.length);
}

/** plausibleTrailerSize for the `length` bytes at `start` of `memory`, without a view of them. */
export function plausibleTrailerSizeAt(memory: Buffer, start: number, length: number): number {
  const size = length >= 18 ? memory.readUInt32LE(start + length - 4) : 0;
  return size <= length * DEFLATE_MAX_RATIO ? size : 0;
}

// zlib's smallest chunk, and a ceiling so a corrupt trailer cannot ask for a huge buffer.
const MIN_CHUNK = 64;
const MAX_CHUNK = 64 * 1024 * 1024;

/** zlib's gunzip, its output sized from the trailer. */
export function gunzipWithZlib(compressed: Buffer): Buffer {
  // One output chunk of the trailer's size: no growing and concatenating of 16 KiB chunks.
  const chunkSize = Math.min(MAX_CHUNK, Math.max(MIN_CHUNK, plausibleTrailerSize(compressed) + 1));
  return zlibGunzipSync(compressed, { chunkSize });
}

/** fflate's gunzip, its output sized from the trailer. */
function fflateGunzip(fflate: typeof import('fflate')): Gunzip {
  return (compressed) => {
    const size = plausibleTrailerSize(compressed);
    const out = size > 0 && size <= MAX_CHUNK ? fflate.gunzipSync(compressed, { out: new Uint8Array(size) }) : fflate.gunzipSync(compressed);
    return Buffer.from(out.buffer, out.byteOffset, out.byteLength);
  };
}

/**
 * The gunzip function for a configured implementation name. fflate is loaded only when chosen:
 * its module builds its Huffman tables when it is imported, about 1.5 ms of a cold start on
 * Node 22 here, for an option that is off by default.
 */
export async function loadGunzip(implementation: GunzipImplementation): Promise<Gunzip> {
  return implementation === 'fflate' ? fflateGunzip(await import('fflate')) : gunzipWithZlib;
}

/** True when the bytes start with the gzip magic number. */
export function hasGzipMagic(bytes: Buffer): boolean {
  return bytes.length >= 18 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}
