// AssemblyScript: whether a JSON-escaped message holds the keys sourcetype detection looks for
// (src/routing/sourcetype-detection.ts ESCAPED_CLOUDTRAIL_KEYS), searched where the message
// lies in memory. V8's String.prototype.includes spent about 200 ns a call on a 250-character
// message (it prepares a Boyer-Moore search per call); this filters 16 positions at a time on
// two bytes of the key and compares the whole key at each candidate.

// \"eventVersion\"  \"eventSource\"  \"awsRegion\"
const KEY_EVENT_VERSION = memory.data<u8>([0x5c, 0x22, 0x65, 0x76, 0x65, 0x6e, 0x74, 0x56, 0x65, 0x72, 0x73, 0x69, 0x6f, 0x6e, 0x5c, 0x22]);
const KEY_EVENT_SOURCE = memory.data<u8>([0x5c, 0x22, 0x65, 0x76, 0x65, 0x6e, 0x74, 0x53, 0x6f, 0x75, 0x72, 0x63, 0x65, 0x5c, 0x22, 0]);
const KEY_AWS_REGION = memory.data<u8>([0x5c, 0x22, 0x61, 0x77, 0x73, 0x52, 0x65, 0x67, 0x69, 0x6f, 0x6e, 0x5c, 0x22, 0, 0, 0]);

/**
 * Whether [start, end) holds the `length` bytes at `key` (at most 16, padded to 16). Reads up
 * to 19 bytes past end (memory the caller owns: the message lies inside a payload).
 */
function holds(start: usize, end: usize, key: usize, length: usize): bool {
  if (end - start < length) return false;
  const last = end - length;
  // Candidates: where the key's third and fourth bytes (its first two letters) match.
  const third = i8x16.splat(load<i8>(key + 2));
  const fourth = i8x16.splat(load<i8>(key + 3));
  const whole = v128.load(key);
  const keyMask: u32 = length == 16 ? 0xffff : (<u32>1 << <u32>length) - 1;
  for (let p = start; p <= last; p += 16) {
    let mask = <u32>i8x16.bitmask(v128.and(i8x16.eq(v128.load(p + 2), third), i8x16.eq(v128.load(p + 3), fourth)));
    // Positions past the last place the key fits.
    if (last - p < 15) mask &= (<u32>2 << <u32>(last - p)) - 1;
    while (mask != 0) {
      const at = p + <usize>ctz(mask);
      if ((<u32>i8x16.bitmask(i8x16.eq(v128.load(at), whole)) & keyMask) == keyMask) return true;
      mask &= mask - 1;
    }
  }
  return false;
}

/** 1 when the escaped text in [start, end) holds \"eventVersion\", \"eventSource\" and \"awsRegion\", else 0. */
export function holdsEscapedCloudTrailKeys(start: usize, end: usize): i32 {
  return holds(start, end, KEY_EVENT_VERSION, 16) && holds(start, end, KEY_EVENT_SOURCE, 15) && holds(start, end, KEY_AWS_REGION, 13) ? 1 : 0;
}
