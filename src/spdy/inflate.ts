/**
 * A small synchronous DEFLATE decoder (RFC 1951) that keeps its history
 * between calls: SPDY compresses every header block of a connection with one
 * zlib stream, each block ending on a sync flush, so a later block may refer
 * back into earlier ones (and into the preset dictionary). Decoding one block
 * at a time, synchronously, keeps frame handling in order without a queue of
 * asynchronous zlib calls. Header blocks are small: speed is not the point,
 * bounds are (output per call, and the 32 KiB window).
 */

/** DEFLATE's window: a distance may reach this far back. */
const windowBytes = 32 * 1024;

const lengthBase = [
  3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258,
];
const lengthExtra = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
const distanceBase = [
  1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145,
  8193, 12289, 16385, 24577,
];
const distanceExtra = [
  0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13,
];
/** The order in which a dynamic block lists the code lengths of its code-length alphabet. */
const codeLengthOrder = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];
const codeBitsMax = 15;

export class InflateError extends Error {
  override readonly name = 'InflateError';
}

/** A canonical Huffman code: how many codes of each length, and the symbols in code order. */
interface Huffman {
  readonly counts: Uint16Array;
  readonly symbols: Uint16Array;
}

function huffman(lengths: ArrayLike<number>): Huffman {
  const counts = new Uint16Array(codeBitsMax + 1);
  for (let symbol = 0; symbol < lengths.length; symbol += 1) {
    const bits = lengths[symbol] ?? 0;
    counts[bits] = (counts[bits] ?? 0) + 1;
  }
  counts[0] = 0;
  let left = 1;
  for (let bits = 1; bits <= codeBitsMax; bits += 1) {
    left = left * 2 - (counts[bits] ?? 0);
    if (left < 0) throw new InflateError('over-subscribed Huffman code');
  }
  const offsets = new Uint16Array(codeBitsMax + 2);
  for (let bits = 1; bits <= codeBitsMax; bits += 1) offsets[bits + 1] = (offsets[bits] ?? 0) + (counts[bits] ?? 0);
  const symbols = new Uint16Array(lengths.length);
  for (let symbol = 0; symbol < lengths.length; symbol += 1) {
    const bits = lengths[symbol] ?? 0;
    if (bits !== 0) {
      symbols[offsets[bits] ?? 0] = symbol;
      offsets[bits] = (offsets[bits] ?? 0) + 1;
    }
  }
  return { counts, symbols };
}

const fixedLiterals = huffman(
  Array.from({ length: 288 }, (_, symbol) => (symbol < 144 ? 8 : symbol < 256 ? 9 : symbol < 280 ? 7 : 8)),
);
const fixedDistances = huffman(Array.from({ length: 30 }, () => 5));

/** Reads bits least significant first, as DEFLATE packs them. */
class BitReader {
  private position = 0;
  private bitBuffer = 0;
  private bitCount = 0;

  constructor(private readonly input: Uint8Array) {}

  /** All input read; bits left over in the last byte are padding (zero) after a flush. */
  get exhausted(): boolean {
    return this.position >= this.input.length && this.bitBuffer === 0;
  }

  bits(count: number): number {
    while (this.bitCount < count) {
      if (this.position >= this.input.length) throw new InflateError('the compressed block ends early');
      this.bitBuffer |= (this.input[this.position] ?? 0) << this.bitCount;
      this.position += 1;
      this.bitCount += 8;
    }
    const value = this.bitBuffer & ((1 << count) - 1);
    this.bitBuffer >>>= count;
    this.bitCount -= count;
    return value;
  }

  /** Drops the bits left in the current byte (stored blocks start on a byte). */
  align(): void {
    this.bitBuffer = 0;
    this.bitCount = 0;
  }

  bytes(count: number): Uint8Array {
    if (this.position + count > this.input.length) throw new InflateError('a stored block ends early');
    const out = this.input.subarray(this.position, this.position + count);
    this.position += count;
    return out;
  }

  decode(code: Huffman): number {
    let value = 0;
    let first = 0;
    let index = 0;
    for (let bits = 1; bits <= codeBitsMax; bits += 1) {
      value |= this.bits(1);
      const count = code.counts[bits] ?? 0;
      if (value - first < count) return code.symbols[index + value - first] ?? 0;
      index += count;
      first = (first + count) << 1;
      value <<= 1;
    }
    throw new InflateError('an invalid Huffman code');
  }
}

export class Inflater {
  /** What was decoded so far (at most the window), seeded with the preset dictionary. */
  private history: Uint8Array;

  constructor(dictionary: Uint8Array = new Uint8Array(0)) {
    this.history = dictionary.slice(-windowBytes);
  }

  /**
   * Decodes `input`, a run of whole DEFLATE blocks (a sync flush ends on a
   * block boundary), and returns the bytes they carry; at most `outputMax`.
   */
  inflate(input: Uint8Array, outputMax: number): Buffer {
    const reader = new BitReader(input);
    const out: number[] = [];
    const historyLength = this.history.length;
    const at = (distance: number): number => {
      const fromOut = out.length - distance;
      return fromOut >= 0 ? (out[fromOut] ?? 0) : (this.history[historyLength + fromOut] ?? 0);
    };
    while (!reader.exhausted) {
      const final = reader.bits(1);
      const type = reader.bits(2);
      if (type === 0) this.stored(reader, out, outputMax);
      else if (type === 1) this.codes(reader, out, outputMax, fixedLiterals, fixedDistances, at, historyLength);
      else if (type === 2) {
        const { literals, distances } = dynamicCodes(reader);
        this.codes(reader, out, outputMax, literals, distances, at, historyLength);
      } else throw new InflateError('an invalid block type');
      if (final === 1) break;
    }
    const output = Buffer.from(out);
    const joined = new Uint8Array(Math.min(windowBytes, historyLength + output.length));
    const keepOld = joined.length - Math.min(output.length, joined.length);
    joined.set(this.history.subarray(historyLength - keepOld), 0);
    joined.set(output.subarray(output.length - (joined.length - keepOld)), keepOld);
    this.history = joined;
    return output;
  }

  private stored(reader: BitReader, out: number[], outputMax: number): void {
    reader.align();
    const header = reader.bytes(4);
    const length = (header[0] ?? 0) | ((header[1] ?? 0) << 8);
    const inverse = (header[2] ?? 0) | ((header[3] ?? 0) << 8);
    if ((length ^ 0xffff) !== inverse) throw new InflateError('a stored block with a bad length');
    if (out.length + length > outputMax) throw new InflateError(`more than ${outputMax} bytes decompressed`);
    for (const byte of reader.bytes(length)) out.push(byte);
  }

  private codes(
    reader: BitReader,
    out: number[],
    outputMax: number,
    literals: Huffman,
    distances: Huffman,
    at: (distance: number) => number,
    historyLength: number,
  ): void {
    for (;;) {
      const symbol = reader.decode(literals);
      if (symbol < 256) {
        if (out.length >= outputMax) throw new InflateError(`more than ${outputMax} bytes decompressed`);
        out.push(symbol);
        continue;
      }
      if (symbol === 256) return;
      const lengthIndex = symbol - 257;
      if (lengthIndex >= lengthBase.length) throw new InflateError('an invalid length code');
      const length = (lengthBase[lengthIndex] ?? 0) + reader.bits(lengthExtra[lengthIndex] ?? 0);
      const distanceIndex = reader.decode(distances);
      if (distanceIndex >= distanceBase.length) throw new InflateError('an invalid distance code');
      const distance = (distanceBase[distanceIndex] ?? 0) + reader.bits(distanceExtra[distanceIndex] ?? 0);
      if (distance > out.length + historyLength || distance > windowBytes)
        throw new InflateError('a distance reaches before the start of the stream');
      if (out.length + length > outputMax) throw new InflateError(`more than ${outputMax} bytes decompressed`);
      for (let copied = 0; copied < length; copied += 1) out.push(at(distance));
    }
  }
}

function dynamicCodes(reader: BitReader): { literals: Huffman; distances: Huffman } {
  const literalCount = reader.bits(5) + 257;
  const distanceCount = reader.bits(5) + 1;
  const lengthCodeCount = reader.bits(4) + 4;
  if (literalCount > 286 || distanceCount > 30) throw new InflateError('too many codes in a dynamic block');
  const lengthLengths = new Uint8Array(19);
  for (let index = 0; index < lengthCodeCount; index += 1) lengthLengths[codeLengthOrder[index] ?? 0] = reader.bits(3);
  const lengthCode = huffman(lengthLengths);
  const lengths = new Uint8Array(literalCount + distanceCount);
  for (let index = 0; index < lengths.length;) {
    const symbol = reader.decode(lengthCode);
    if (symbol < 16) {
      lengths[index] = symbol;
      index += 1;
      continue;
    }
    let repeat: number;
    let value = 0;
    if (symbol === 16) {
      if (index === 0) throw new InflateError('a repeat with no previous length');
      value = lengths[index - 1] ?? 0;
      repeat = 3 + reader.bits(2);
    } else if (symbol === 17) repeat = 3 + reader.bits(3);
    else repeat = 11 + reader.bits(7);
    if (index + repeat > lengths.length) throw new InflateError('code lengths overrun their table');
    lengths.fill(value, index, index + repeat);
    index += repeat;
  }
  if ((lengths[256] ?? 0) === 0) throw new InflateError('a dynamic block without an end-of-block code');
  return {
    literals: huffman(lengths.subarray(0, literalCount)),
    distances: huffman(lengths.subarray(literalCount)),
  };
}

/** Adler-32 (RFC 1950): the checksum zlib names a preset dictionary by. */
export function adler32(data: Uint8Array): number {
  let low = 1;
  let high = 0;
  for (const byte of data) {
    low = (low + byte) % 65521;
    high = (high + low) % 65521;
  }
  return ((high << 16) | low) >>> 0;
}
