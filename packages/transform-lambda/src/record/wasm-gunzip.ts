import { crc32 } from 'node:zlib';
import { TransformWasm } from '../wasm/instance.js';
import { trailerSize } from './gunzip.js';

const DECLINE = -1;
/** The bit reader may look at 8 bytes past the input; they are left free. */
const INPUT_SLACK = 8;

/**
 * Gunzip of small records in WebAssembly (assembly/gunzip.ts). A zlib.gunzipSync call costs
 * about 8 us before it inflates a byte; quiet log groups send records of a few hundred bytes,
 * where that cost is most of the work. Returns undefined for anything it declines (a bad or
 * unusual member, a size past what it takes): zlib then decompresses it, or names the error.
 */
export class WasmGunzip {
  private readonly wasm = new TransformWasm();

  constructor(
    /** The largest decompressed size it inflates (the gzip trailer's ISIZE); larger goes to zlib. */
    private readonly maxOutputBytes: number,
  ) {}

  gunzip(compressed: Buffer): Buffer | undefined {
    const size = trailerSize(compressed);
    if (size > this.maxOutputBytes || compressed.length < 18) return undefined;
    const inAt = this.wasm.heapStart;
    const outAt = inAt + compressed.length + INPUT_SLACK;
    this.wasm.ensure(outAt + size);
    const memory = this.wasm.bytes();
    memory.set(compressed, inAt);
    const written = this.wasm.exports.gunzip(inAt, inAt + compressed.length, outAt, outAt + size);
    if (written === DECLINE || written < 0) return undefined;
    const output = memory.subarray(outAt, outAt + written);
    if (crc32(output) !== compressed.readUInt32LE(compressed.length - 8)) return undefined;
    return Buffer.from(output);
  }
}
