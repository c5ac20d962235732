// AssemblyScript: the short copy the event scanner and the direct flow line writer share.

/**
 * Copies n bytes from src to dst (not overlapping) sixteen at a time, writing up to 15 bytes
 * past dst + n: the caller's next write, or its slack after the room, takes them. memory.copy
 * is a call out of V8's compiled code, slow for the short copies of a line's parts (made five
 * times per Event line by the scanner).
 */
@inline
export function copyAhead(dst: usize, src: usize, n: usize): void {
  for (let k: usize = 0; k < n; k += 16) v128.store(dst + k, v128.load(src + k));
}
