// AssemblyScript: gunzip of one gzip member (RFC 1952) holding DEFLATE data (RFC 1951), for
// the small records quiet log groups send. Node's zlib.gunzipSync costs about 8 us a call
// before it inflates a byte (a Transform stream and a native handle per call); here a call
// costs a function call. With the caller's check of the trailer's CRC-32, it verifies what
// zlib verifies (header, block structure, distances, CRC-32 and ISIZE) and declines anything else: a second member, unknown
// header flags, any error. A declined record goes to zlib, which then names the error, so an
// answer from here is always one zlib would have given.
// @see https://www.rfc-editor.org/rfc/rfc1951  @see https://www.rfc-editor.org/rfc/rfc1952

const GZ_DECLINE: i32 = -1;
const GZ_NO_ROOM: i32 = -2;

/** Bits resolved by one lookup in the fast tables; longer codes take the canonical slow path. */
const LIT_BITS: u32 = 9;
const DIST_BITS: u32 = 7;
const MAX_BITS: i32 = 15;

// Length and distance bases and extra bits (RFC 1951 §3.2.5).
const LEN_BASE = memory.data<u16>([3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258]);
const LEN_EXTRA = memory.data<u8>([0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]);
const DIST_BASE = memory.data<u16>([1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577]);
const DIST_EXTRA = memory.data<u8>([0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13]);
// The order code length code lengths are sent in.
const CL_ORDER = memory.data<u8>([16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]);

// Row l (32 bytes) holds sixteen u16 lanes, 1 in lane l: build() adds one row per code length.
const ONE_HOT = memory.data<u16>([
  1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
], 16);

// A Huffman code: counts per length, symbols in canonical order, and a fast table of entries
// for codes of at most the table's bits, 0 where the code is longer. An entry holds what the
// decoder needs without a second lookup (as libdeflate's tables do):
//   bits 0-3: the code's length; 4-7: extra bits to read; 8-9: its type; 16-30: its value;
//   31: set for a literal.
// Literal/length codes: a literal (value: the byte), a length (value: the base length), the
// end of the block, or a symbol no stream may use (286, 287); distance codes: a distance (value:
// the base distance) or an unusable one (30, 31). Code length codes: (symbol << 4) | length.
const TYPE_LITERAL: u32 = 0;
/** Set in a literal's entry (bit 31), so one signed test tells a literal in the table from anything else, 0 included. */
const LITERAL_FLAG: u32 = 0x80000000;
const TYPE_LENGTH: u32 = 1;
const TYPE_END: u32 = 2;
const TYPE_INVALID: u32 = 3;
const KIND_LITLEN: u32 = 0;
const KIND_DIST: u32 = 1;
const KIND_CODE_LENGTHS: u32 = 2;

/** The decoded meaning of a symbol of a code of `kind`, as a table entry without its length (see above). */
@inline
function symbolEntry(kind: u32, sym: u32): u32 {
  if (kind == KIND_CODE_LENGTHS) return sym << 4;
  if (kind == KIND_DIST) {
    if (sym >= 30) return TYPE_INVALID << 8;
    return (<u32>load<u16>(DIST_BASE + (<usize>sym << 1)) << 16) | (<u32>load<u8>(DIST_EXTRA + <usize>sym) << 4);
  }
  if (sym < 256) return LITERAL_FLAG | (sym << 16);
  if (sym == 256) return TYPE_END << 8;
  if (sym >= 286) return TYPE_INVALID << 8;
  const li = <usize>(sym - 257);
  return (<u32>load<u16>(LEN_BASE + (li << 1)) << 16) | (TYPE_LENGTH << 8) | (<u32>load<u8>(LEN_EXTRA + li) << 4);
}
// symbolEntry of every literal/length and distance symbol, made once: the build then takes a
// symbol's entry by one load, without symbolEntry's branches.
const LITLEN_ENTRIES = memory.data(288 * 4);
const DIST_ENTRIES = memory.data(32 * 4);
let entriesReady = false;
// Every 9-bit value bit-reversed: a code of len <= 9 bits, shifted up to 9 bits, comes out
// reversed in its low len bits (as a fast table of len bits is indexed).
const MAX_FAST_BITS: u32 = 9;
const REVERSED_NINE = memory.data(512 * 2);
function buildEntries(): void {
  for (let v: u32 = 0; v < 512; v++) {
    let r: u32 = 0;
    for (let b: u32 = 0; b < MAX_FAST_BITS; b++) r |= ((v >> b) & 1) << (MAX_FAST_BITS - 1 - b);
    store<u16>(REVERSED_NINE + (<usize>v << 1), <u16>r);
  }
  for (let sym: u32 = 0; sym < 288; sym++) store<u32>(LITLEN_ENTRIES + (<usize>sym << 2), symbolEntry(KIND_LITLEN, sym));
  for (let sym: u32 = 0; sym < 32; sym++) store<u32>(DIST_ENTRIES + (<usize>sym << 2), symbolEntry(KIND_DIST, sym));
  entriesReady = true;
}
const LIT_COUNT = memory.data(16 * 2);
const LIT_SYMBOL = memory.data(288 * 2);
const LIT_FAST = memory.data(4 << LIT_BITS);
const DIST_COUNT = memory.data(16 * 2);
const DIST_SYMBOL = memory.data(32 * 2);
const DIST_FAST = memory.data(4 << DIST_BITS);
const CL_COUNT = memory.data(16 * 2);
const CL_SYMBOL = memory.data(19 * 2);
const CL_FAST = memory.data(4 << 7);
const LENGTHS = memory.data(320 + 16);
const OFFSETS = memory.data(16 * 2);

// The bit reader: up to 64 bits buffered, filled from `inPos`; bytes past `inEnd` read as zero
// (the caller leaves slack after the input) and count as overrun, checked at block ends.
let bitBuffer: u64 = 0;
let bitCount: u32 = 0;
let inPos: usize = 0;
let inEnd: usize = 0;

@inline
function refill(): void {
  if (inPos + 8 <= inEnd) {
    bitBuffer |= load<u64>(inPos) << bitCount;
    inPos += (63 - bitCount) >> 3;
    bitCount |= 56;
    return;
  }
  while (bitCount <= 56) {
    const b: u64 = inPos < inEnd ? <u64>load<u8>(inPos) : 0;
    bitBuffer |= b << bitCount;
    inPos++;
    bitCount += 8;
  }
}

@inline
function bits(n: u32): u32 {
  const v = <u32>(bitBuffer & ((<u64>1 << n) - 1));
  bitBuffer >>= n;
  bitCount -= n;
  return v;
}

/** True when more bytes were taken than the input holds (beyond the bits still buffered). */
@inline
function overrun(): bool {
  return inPos > inEnd + (bitCount >> 3);
}

/**
 * Builds a code from `n` lengths at LENGTHS + `first`: counts, canonical symbols and the fast
 * table. Returns false for an over-subscribed code, or an incomplete one (allowed only for a
 * single distance code, as zlib allows).
 */
function build(first: u32, n: u32, count: usize, symbol: usize, fast: usize, fastBits: u32, kind: u32, counted: bool = false): bool {
  if (!counted) {
    // Counted in two vector registers, not in memory: an increment in memory waits for the
    // previous one to the same length (most lengths repeat). (readDynamic counts the
    // literal/length and distance lengths as it reads them, and says so by `counted`.)
    let low = i16x8.splat(0);
    let high = i16x8.splat(0);
    for (let i: u32 = 0; i < n; i++) {
      const one = ONE_HOT + (<usize>load<u8>(LENGTHS + first + i) << 5);
      low = i16x8.add(low, v128.load(one));
      high = i16x8.add(high, v128.load(one, 16));
    }
    v128.store(count, low);
    v128.store(count, high, 16);
  }
  let left: i32 = 1;
  let used: i32 = 0;
  let longest = 0;
  for (let len = 1; len <= MAX_BITS; len++) {
    const c = <i32>load<u16>(count + (<usize>len << 1));
    left <<= 1;
    left -= c;
    used += c;
    if (c > 0) longest = len;
    if (left < 0) return false;
  }
  // zlib's inftrees.c: an incomplete code is an error, except an empty one (nothing may be
  // decoded with it) or, for literal/length and distance codes, a single code of length 1.
  if (left > 0 && used != 0 && (kind == KIND_CODE_LENGTHS || longest != 1)) return false;
  store<u16>(OFFSETS + 2, 0);
  for (let len = 1; len < MAX_BITS; len++) {
    store<u16>(OFFSETS + (<usize>(len + 1) << 1), load<u16>(OFFSETS + (<usize>len << 1)) + load<u16>(count + (<usize>len << 1)));
  }
  // Symbols in canonical order (by length, then value). Lengths are looked at 16 at a time and
  // only the used ones visited: most of a small block's 257 to 286 literal/length symbols are
  // unused, and a branch per symbol on its length being 0 mispredicted often.
  const zero = i8x16.splat(0);
  for (let base: u32 = 0; base < n; base += 16) {
    let used = <u32>i8x16.bitmask(i8x16.ne(v128.load(LENGTHS + first + base), zero));
    if (base + 16 > n) used &= (<u32>1 << (n - base)) - 1;
    while (used != 0) {
      const i = base + ctz(used);
      used &= used - 1;
      const l = <usize>load<u8>(LENGTHS + first + i);
      const at = <usize>load<u16>(OFFSETS + (l << 1));
      store<u16>(OFFSETS + (l << 1), <u16>(at + 1));
      store<u16>(symbol + (at << 1), <u16>i);
    }
  }
  // The fast table, built as libdeflate builds its decode tables: one store per code of at most
  // fastBits bits, at its bit-reversed codeword in a table of 2^len entries; the table is then
  // doubled (its lower half copied up) before the next length, so each short code ends up
  // repeated over the unused high bits without a store per copy. Entries no code reaches stay
  // zero (the two first entries are zeroed, and every doubling copies zeros along): the
  // decoder then takes the slow path. Measured on Node 22 on the small-record corpus: the
  // store-per-copy build was about 15% of the whole handler's time.
  // @see https://github.com/ebiggers/libdeflate/blob/master/lib/deflate_decompress.c build_decode_table
  store<u64>(fast, 0);
  if (!entriesReady) buildEntries();
  const entries = kind == KIND_DIST ? DIST_ENTRIES : LITLEN_ENTRIES;
  // The canonical code of the next symbol (RFC 1951 §3.2.2), as its length's table is indexed:
  // bit-reversed, by a table lookup (a backwards increment took a loop whose exit, on the
  // code's trailing ones, mispredicted).
  let code: u32 = 0;
  let index: u32 = 0;
  let tableEnd: usize = 2;
  for (let len: u32 = 1; len <= fastBits; len++) {
    if (len > 1) {
      // Inline (memory.copy is a call out of V8's compiled code, and most doublings are short).
      const bytes = tableEnd << 2;
      if (bytes == 8) {
        store<u64>(fast + 8, load<u64>(fast));
      } else {
        for (let k: usize = 0; k < bytes; k += 16) v128.store(fast + bytes + k, v128.load(fast + k));
      }
      tableEnd <<= 1;
      code <<= 1;
    }
    const c = <u32>load<u16>(count + (<usize>len << 1));
    const toNine = MAX_FAST_BITS - len;
    for (let k: u32 = 0; k < c; k++) {
      const sym = <u32>load<u16>(symbol + (<usize>(index + k) << 1));
      const entry = kind == KIND_CODE_LENGTHS ? sym << 4 : load<u32>(entries + (<usize>sym << 2));
      const reversed = <usize>load<u16>(REVERSED_NINE + (<usize>((code + k) << toNine) << 1));
      store<u32>(fast + (reversed << 2), entry | len);
    }
    code += c;
    index += c;
  }
  return true;
}

/** Canonical decoding bit by bit (as zlib's puff does), for codes longer than the fast table. */
function decodeSlow(count: usize, symbol: usize): i32 {
  let code: i32 = 0;
  let first: i32 = 0;
  let index: i32 = 0;
  for (let len = 1; len <= MAX_BITS; len++) {
    code |= <i32>bits(1);
    const c = <i32>load<u16>(count + (<usize>len << 1));
    if (code - c < first) return <i32>load<u16>(symbol + (<usize>(index + (code - first)) << 1));
    index += c;
    first += c;
    first <<= 1;
    code <<= 1;
  }
  return -1;
}

let fixedReady = false;
const FIXED_LIT_COUNT = memory.data(16 * 2);
const FIXED_LIT_SYMBOL = memory.data(288 * 2);
const FIXED_LIT_FAST = memory.data(4 << LIT_BITS);
const FIXED_DIST_COUNT = memory.data(16 * 2);
const FIXED_DIST_SYMBOL = memory.data(32 * 2);
const FIXED_DIST_FAST = memory.data(4 << DIST_BITS);

function buildFixed(): void {
  for (let i = 0; i < 144; i++) store<u8>(LENGTHS + i, 8);
  for (let i = 144; i < 256; i++) store<u8>(LENGTHS + i, 9);
  for (let i = 256; i < 280; i++) store<u8>(LENGTHS + i, 7);
  for (let i = 280; i < 288; i++) store<u8>(LENGTHS + i, 8);
  build(0, 288, FIXED_LIT_COUNT, FIXED_LIT_SYMBOL, FIXED_LIT_FAST, LIT_BITS, KIND_LITLEN);
  // 32 codes of 5 bits, as zlib builds them: the code is complete, and 30 and 31 decode to an error.
  for (let i = 0; i < 32; i++) store<u8>(LENGTHS + i, 5);
  build(0, 32, FIXED_DIST_COUNT, FIXED_DIST_SYMBOL, FIXED_DIST_FAST, DIST_BITS, KIND_DIST);
  fixedReady = true;
}

/** Reads a dynamic block's code descriptions into the LIT and DIST codes; false when invalid. */
function readDynamic(): bool {
  refill();
  const nlen = bits(5) + 257;
  const ndist = bits(5) + 1;
  const ncode = bits(4) + 4;
  if (nlen > 286 || ndist > 30) return false;
  memory.fill(LENGTHS, 0, 19);
  for (let i: u32 = 0; i < ncode; i++) {
    refill();
    store<u8>(LENGTHS + <usize>load<u8>(CL_ORDER + i), <u8>bits(3));
  }
  if (!build(0, 19, CL_COUNT, CL_SYMBOL, CL_FAST, 7, KIND_CODE_LENGTHS)) return false;
  // The code lengths, with the bit reader in locals (see codes()). Code length codes are at
  // most 7 bits, so every valid one is in the 7-bit table: a zero entry is an error.
  let buffer = bitBuffer;
  let count = bitCount;
  let pos = inPos;
  const fastEnd = inEnd - 8;
  const total = nlen + ndist;
  let index: u32 = 0;
  let ok = true;
  // The lengths' counts for build, kept as they are read (in vector registers, as build
  // counts): for a small block, a second pass over its 257 to 316 lengths cost about 0.2 us
  // of the 3.5 a small record's gunzip took (Node 22 here).
  let litLow = i16x8.splat(0);
  let litHigh = i16x8.splat(0);
  let distLow = i16x8.splat(0);
  let distHigh = i16x8.splat(0);
  while (index < total) {
    if (pos <= fastEnd) {
      buffer |= load<u64>(pos) << count;
      pos += (63 - count) >> 3;
      count |= 56;
    } else {
      bitBuffer = buffer;
      bitCount = count;
      inPos = pos;
      refill();
      buffer = bitBuffer;
      count = bitCount;
      pos = inPos;
    }
    const entry = load<u32>(CL_FAST + (<usize>(buffer & 127) << 2));
    if (entry == 0) {
      ok = false;
      break;
    }
    const len = entry & 15;
    buffer >>= len;
    count -= len;
    const sym = entry >> 4;
    if (sym < 16) {
      const one = ONE_HOT + (<usize>sym << 5);
      if (index < nlen) {
        litLow = i16x8.add(litLow, v128.load(one));
        litHigh = i16x8.add(litHigh, v128.load(one, 16));
      } else {
        distLow = i16x8.add(distLow, v128.load(one));
        distHigh = i16x8.add(distHigh, v128.load(one, 16));
      }
      store<u8>(LENGTHS + index++, <u8>sym);
      continue;
    }
    let value: u8 = 0;
    let repeat: u32 = 0;
    if (sym == 16) {
      if (index == 0) {
        ok = false;
        break;
      }
      value = load<u8>(LENGTHS + index - 1);
      repeat = 3 + <u32>(buffer & 3);
      buffer >>= 2;
      count -= 2;
    } else if (sym == 17) {
      repeat = 3 + <u32>(buffer & 7);
      buffer >>= 3;
      count -= 3;
    } else {
      repeat = 11 + <u32>(buffer & 127);
      buffer >>= 7;
      count -= 7;
    }
    if (index + repeat > total) {
      ok = false;
      break;
    }
    // Inline, 16 at a time (memory.fill is a call out of V8's compiled code; runs are at most
    // 138 long and LENGTHS has room for 16 past its 316 lengths).
    const fill = i8x16.splat(<i8>value);
    for (let k: u32 = 0; k < repeat; k += 16) v128.store(LENGTHS + index + k, fill);
    // A run may cross from the literal/length lengths into the distance ones.
    const litPart = index >= nlen ? 0 : min(repeat, nlen - index);
    const one = ONE_HOT + (<usize>value << 5);
    if (litPart != 0) {
      const times = i16x8.splat(<i16>litPart);
      litLow = i16x8.add(litLow, i16x8.mul(v128.load(one), times));
      litHigh = i16x8.add(litHigh, i16x8.mul(v128.load(one, 16), times));
    }
    if (litPart != repeat) {
      const times = i16x8.splat(<i16>(repeat - litPart));
      distLow = i16x8.add(distLow, i16x8.mul(v128.load(one), times));
      distHigh = i16x8.add(distHigh, i16x8.mul(v128.load(one, 16), times));
    }
    index += repeat;
  }
  v128.store(LIT_COUNT, litLow);
  v128.store(LIT_COUNT, litHigh, 16);
  v128.store(DIST_COUNT, distLow);
  v128.store(DIST_COUNT, distHigh, 16);
  bitBuffer = buffer;
  bitCount = count;
  inPos = pos;
  if (!ok) return false;
  // A block must be able to end.
  if (load<u8>(LENGTHS + 256) == 0) return false;
  if (!build(0, nlen, LIT_COUNT, LIT_SYMBOL, LIT_FAST, LIT_BITS, KIND_LITLEN, true)) return false;
  // Distance lengths sit after the literal/length ones.
  return build(nlen, ndist, DIST_COUNT, DIST_SYMBOL, DIST_FAST, DIST_BITS, KIND_DIST, true);
}

/**
 * Inflates one block's codes into [out, outEnd); returns the new out, or 0 / 1 for error / no
 * room. The bit reader's state is held in locals here: V8 keeps WebAssembly globals in memory,
 * and this loop touches them for every symbol. One refill (at least 56 bits) serves a whole
 * match (a length code of at most 15 bits and 5 extra, a distance code of at most 15 and 13
 * extra) or up to three literals.
 */
function codes(outStart: usize, out: usize, outEnd: usize, litCount: usize, litSymbol: usize, litFast: usize, distCount: usize, distSymbol: usize, distFast: usize): usize {
  let buffer = bitBuffer;
  let count = bitCount;
  let pos = inPos;
  const fastEnd = inEnd - 8;
  const litMask: u64 = (<u64>1 << LIT_BITS) - 1;
  const distMask: u64 = (<u64>1 << DIST_BITS) - 1;
  let result: usize = 0;
  // An entry looked up before the refill, still valid after it: a refill only adds bits above
  // the ones held, and at least 23 are held after literals (0: look it up after the refill).
  let entry: u32 = 0;
  for (;;) {
    if (pos <= fastEnd) {
      buffer |= load<u64>(pos) << count;
      pos += (63 - count) >> 3;
      count |= 56;
    } else {
      bitBuffer = buffer;
      bitCount = count;
      inPos = pos;
      refill();
      buffer = bitBuffer;
      count = bitCount;
      pos = inPos;
    }
    if (entry == 0) entry = load<u32>(litFast + (<usize>(buffer & litMask) << 2));
    if (entry == 0) {
      bitBuffer = buffer;
      bitCount = count;
      const sym = decodeSlow(litCount, litSymbol);
      buffer = bitBuffer;
      count = bitCount;
      if (sym < 0) break;
      entry = symbolEntry(KIND_LITLEN, <u32>sym);
    }
    // The code's own bits (0 when decodeSlow read them).
    let len = entry & 15;
    buffer >>= len;
    count -= len;
    if (<i32>entry < 0) {
      if (out + 3 > outEnd) {
        // Near the end of the room: one literal at a time.
        if (out >= outEnd) {
          result = 1;
          break;
        }
        store<u8>(out++, <u8>(entry >> 16));
        entry = 0;
        continue;
      }
      // Up to two more literals from the same refill, when their codes are in the table (the common case).
      store<u8>(out++, <u8>(entry >> 16));
      entry = load<u32>(litFast + (<usize>(buffer & litMask) << 2));
      if (<i32>entry >= 0) continue;
      len = entry & 15;
      buffer >>= len;
      count -= len;
      store<u8>(out++, <u8>(entry >> 16));
      entry = load<u32>(litFast + (<usize>(buffer & litMask) << 2));
      if (<i32>entry >= 0) continue;
      len = entry & 15;
      buffer >>= len;
      count -= len;
      store<u8>(out++, <u8>(entry >> 16));
      entry = load<u32>(litFast + (<usize>(buffer & litMask) << 2));
      continue;
    }
    const type = (entry >> 8) & 3;
    if (type == TYPE_END) {
      result = out;
      break;
    }
    if (type == TYPE_INVALID) break;
    const lengthExtra = <u64>((entry >> 4) & 15);
    const length = <usize>(entry >> 16) + <usize>(buffer & ((<u64>1 << lengthExtra) - 1));
    buffer >>= lengthExtra;
    count -= <u32>lengthExtra;
    let dentry = load<u32>(distFast + (<usize>(buffer & distMask) << 2));
    if (dentry == 0) {
      bitBuffer = buffer;
      bitCount = count;
      const dsym = decodeSlow(distCount, distSymbol);
      buffer = bitBuffer;
      count = bitCount;
      if (dsym < 0) break;
      dentry = symbolEntry(KIND_DIST, <u32>dsym);
    }
    len = dentry & 15;
    buffer >>= len;
    count -= len;
    if (((dentry >> 8) & 3) == TYPE_INVALID) break;
    const distExtra = <u64>((dentry >> 4) & 15);
    const distance = <usize>(dentry >> 16) + <usize>(buffer & ((<u64>1 << distExtra) - 1));
    buffer >>= distExtra;
    count -= <u32>distExtra;
    if (distance > out - outStart) break;
    if (out + length > outEnd) {
      result = 1;
      break;
    }
    // Matches are mostly short (3 to 30 bytes): memory.copy is a call out of the compiled code
    // in V8, so they are copied inline, 16 or 8 bytes at a time where the distance allows it
    // (each chunk then reads only bytes written before it) and the chunks may run past the
    // match (overwritten by what follows; never past outEnd), else byte by byte, as the format
    // defines an overlapping copy.
    const stop = out + length;
    let from = out - distance;
    if (distance >= 16 && stop + 16 <= outEnd) {
      for (let to = out; to < stop; to += 16) {
        v128.store(to, v128.load(from));
        from += 16;
      }
    } else if (distance >= 8 && stop + 8 <= outEnd) {
      for (let to = out; to < stop; to += 8) {
        store<u64>(to, load<u64>(from));
        from += 8;
      }
    } else {
      for (let to = out; to < stop; to++) store<u8>(to, load<u8>(from++));
    }
    out = stop;
    // After a match as few as 8 bits may be held: the next entry is looked up after the refill.
    entry = 0;
  }
  bitBuffer = buffer;
  bitCount = count;
  inPos = pos;
  return result;
}

/**
 * Gunzips the member in [start, end) into [out, outEnd). The caller leaves 8 bytes of slack
 * after `end` (read, never used). Returns the bytes written, GZ_NO_ROOM when outEnd is too
 * close, or GZ_DECLINE for anything zlib should look at: a bad or unusual header, bad data, a
 * CRC or size mismatch, bytes after the member.
 */
export function gunzip(start: usize, end: usize, out: usize, outEnd: usize): i32 {
  if (end - start < 18) return GZ_DECLINE;
  if (load<u8>(start) != 0x1f || load<u8>(start + 1) != 0x8b || load<u8>(start + 2) != 8) return GZ_DECLINE;
  const flags = <u32>load<u8>(start + 3);
  if (flags & 0xe0) return GZ_DECLINE;
  let p = start + 10;
  if (flags & 4) {
    if (p + 2 > end) return GZ_DECLINE;
    p += 2 + <usize>load<u16>(p);
  }
  if (flags & 8) {
    while (p < end && load<u8>(p) != 0) p++;
    p++;
  }
  if (flags & 16) {
    while (p < end && load<u8>(p) != 0) p++;
    p++;
  }
  // A header CRC would have to be checked as zlib checks it; no CloudWatch record has one.
  if (flags & 2) return GZ_DECLINE;
  if (p + 8 > end) return GZ_DECLINE;
  if (!fixedReady) buildFixed();

  bitBuffer = 0;
  bitCount = 0;
  inPos = p;
  inEnd = end - 8;
  let w = out;
  for (;;) {
    refill();
    const last = bits(1);
    const type = bits(2);
    if (type == 0) {
      // Stored: to the next byte boundary, then LEN and its complement.
      bits(bitCount & 7);
      refill();
      const len = bits(16);
      const nlen = bits(16);
      if ((len ^ 0xffff) != nlen) return GZ_DECLINE;
      // Take back the whole bytes still buffered, then copy from the input.
      inPos -= bitCount >> 3;
      bitBuffer = 0;
      bitCount = 0;
      if (inPos + <usize>len > inEnd) return GZ_DECLINE;
      if (w + <usize>len > outEnd) return GZ_NO_ROOM;
      memory.copy(w, inPos, len);
      w += len;
      inPos += len;
    } else if (type == 1) {
      const next = codes(out, w, outEnd, FIXED_LIT_COUNT, FIXED_LIT_SYMBOL, FIXED_LIT_FAST, FIXED_DIST_COUNT, FIXED_DIST_SYMBOL, FIXED_DIST_FAST);
      if (next <= 1) return next == 1 ? GZ_NO_ROOM : GZ_DECLINE;
      w = next;
    } else if (type == 2) {
      if (!readDynamic()) return GZ_DECLINE;
      const next = codes(out, w, outEnd, LIT_COUNT, LIT_SYMBOL, LIT_FAST, DIST_COUNT, DIST_SYMBOL, DIST_FAST);
      if (next <= 1) return next == 1 ? GZ_NO_ROOM : GZ_DECLINE;
      w = next;
    } else {
      return GZ_DECLINE;
    }
    if (overrun()) return GZ_DECLINE;
    if (last) break;
  }
  // The trailer starts at the byte after the last block; exactly 8 bytes must remain.
  const trailer = inPos - (bitCount >> 3);
  if (trailer != end - 8) return GZ_DECLINE;
  // The CRC-32 in the trailer is checked by the caller, with zlib.crc32 (native, SIMD).
  if (load<u32>(trailer + 4) != <u32>(w - out)) return GZ_DECLINE;
  return <i32>(w - out);
}
