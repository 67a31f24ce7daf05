/**
 * SPDY/3 header blocks: a count, then length-prefixed names and values (32-bit
 * big-endian lengths; several values of one name joined by NUL), compressed
 * with one zlib stream per direction and connection, primed with the
 * dictionary the SPDY/3 draft defines (section 2.6.10.1).
 *
 * Outgoing blocks are written as zlib "stored" (uncompressed) DEFLATE blocks:
 * valid for any zlib reader, byte aligned so that each frame ends a block,
 * and free of the asynchronous zlib streams Node offers. Incoming blocks are
 * inflated by the synchronous, history-keeping decoder in inflate.ts.
 */
import { adler32, Inflater, InflateError } from './inflate.js';

/** Names that carry a 32-bit length before them in the dictionary, in its order. */
const dictionaryWords = [
  'options', 'head', 'post', 'put', 'delete', 'trace', 'accept', 'accept-charset', 'accept-encoding',
  'accept-language', 'accept-ranges', 'age', 'allow', 'authorization', 'cache-control', 'connection',
  'content-base', 'content-encoding', 'content-language', 'content-length', 'content-location', 'content-md5',
  'content-range', 'content-type', 'date', 'etag', 'expect', 'expires', 'from', 'host', 'if-match',
  'if-modified-since', 'if-none-match', 'if-range', 'if-unmodified-since', 'last-modified', 'location',
  'max-forwards', 'pragma', 'proxy-authenticate', 'proxy-authorization', 'range', 'referer', 'retry-after',
  'server', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'user-agent', 'vary', 'via', 'warning',
  'www-authenticate', 'method', 'get', 'status', '200 OK', 'version', 'HTTP/1.1', 'url', 'public', 'set-cookie',
  'keep-alive', 'origin',
]; // prettier-ignore

/** The dictionary's tail: status codes and common values, without lengths. */
const dictionaryTail =
  '100101201202205206300302303304305306307402405406407408409410411412413414415416417502504505' +
  '203 Non-Authoritative Information204 No Content301 Moved Permanently400 Bad Request401 Unauthorized' +
  '403 Forbidden404 Not Found500 Internal Server Error501 Not Implemented503 Service Unavailable' +
  'Jan Feb Mar Apr May Jun Jul Aug Sept Oct Nov Dec 00:00:00 Mon, Tue, Wed, Thu, Fri, Sat, Sun, GMT' +
  'chunked,text/html,image/png,image/jpg,image/gif,application/xml,application/xhtml+xml,text/plain,' +
  'text/javascript,publicprivatemax-age=gzip,deflate,sdchcharset=utf-8charset=iso-8859-1,utf-,*,enq=0.';

function buildDictionary(): Buffer {
  const parts: Buffer[] = [];
  for (const word of dictionaryWords) {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(word.length);
    parts.push(length, Buffer.from(word, 'latin1'));
  }
  parts.push(Buffer.from(dictionaryTail, 'latin1'));
  return Buffer.concat(parts);
}

/** The SPDY/3 header compression dictionary. */
export const spdyDictionary: Buffer = buildDictionary();

/** Header names are lowercase in SPDY/3; a name's several values are joined by NUL. */
export type SpdyHeaders = Readonly<Record<string, string>>;

export class HeaderBlockError extends Error {
  override readonly name = 'HeaderBlockError';
}

/** The uncompressed block for `headers` (names lowercased, as SPDY/3 requires). */
export function encodeHeaderBlock(headers: SpdyHeaders): Buffer {
  const entries = Object.entries(headers);
  const parts: Buffer[] = [uint32(entries.length)];
  for (const [name, value] of entries) {
    const nameBytes = Buffer.from(name.toLowerCase(), 'utf8');
    const valueBytes = Buffer.from(value, 'utf8');
    parts.push(uint32(nameBytes.length), nameBytes, uint32(valueBytes.length), valueBytes);
  }
  return Buffer.concat(parts);
}

/** The headers of an uncompressed block; throws HeaderBlockError on a malformed one. */
export function decodeHeaderBlock(block: Buffer, entriesMax: number): Record<string, string> {
  let offset = 0;
  const read = (): Buffer => {
    if (offset + 4 > block.length) throw new HeaderBlockError('a header block ends inside a length');
    const length = block.readUInt32BE(offset);
    offset += 4;
    if (offset + length > block.length) throw new HeaderBlockError('a header block ends inside a name or value');
    const bytes = block.subarray(offset, offset + length);
    offset += length;
    return bytes;
  };
  if (block.length < 4) throw new HeaderBlockError('a header block without its count');
  const count = block.readUInt32BE(0);
  offset = 4;
  if (count > entriesMax) throw new HeaderBlockError(`a header block with more than ${entriesMax} headers`);
  const headers: Record<string, string> = {};
  for (let index = 0; index < count; index += 1) {
    const name = read().toString('utf8');
    const value = read().toString('utf8');
    if (name === '' || name !== name.toLowerCase())
      throw new HeaderBlockError(`header name "${name}" is not lowercase`);
    if (Object.hasOwn(headers, name)) throw new HeaderBlockError(`header "${name}" is given twice`);
    headers[name] = value;
  }
  return headers;
}

function uint32(value: number): Buffer {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32BE(value);
  return bytes;
}

/** Largest stored DEFLATE block. */
const storedBlockBytesMax = 0xffff;

/**
 * An empty stored block: what a zlib sync flush ends with. Go's inflater hands
 * out a block's bytes only once it has read the next block's header, so every
 * header block must end with this marker, or the peer reads past the frame.
 */
const syncFlushMarker = Buffer.from([0x00, 0x00, 0x00, 0xff, 0xff]);

/** The sending side of a connection's header compression. */
export class HeaderCompressor {
  private started = false;

  compress(block: Buffer): Buffer {
    const parts: Buffer[] = [];
    if (!this.started) {
      this.started = true;
      // zlib header: deflate with a 32 KiB window, a preset dictionary (FDICT), check bits; then the dictionary's id.
      parts.push(Buffer.from([0x78, 0xbb]), uint32(adler32(spdyDictionary)));
    }
    for (let offset = 0; offset < block.length; offset += storedBlockBytesMax) {
      const piece = block.subarray(offset, offset + storedBlockBytesMax);
      const header = Buffer.alloc(5);
      header[0] = 0; // not final, stored
      header.writeUInt16LE(piece.length, 1);
      header.writeUInt16LE(piece.length ^ 0xffff, 3);
      parts.push(header, piece);
    }
    parts.push(syncFlushMarker);
    return Buffer.concat(parts);
  }
}

/** The receiving side of a connection's header compression. */
export class HeaderDecompressor {
  private readonly inflater = new Inflater(spdyDictionary);
  private headerSeen = false;

  constructor(private readonly blockBytesMax: number) {}

  decompress(compressed: Buffer): Buffer {
    let body = compressed;
    if (!this.headerSeen) {
      body = this.skipZlibHeader(compressed);
      this.headerSeen = true;
    }
    try {
      return this.inflater.inflate(body, this.blockBytesMax);
    } catch (error: unknown) {
      if (error instanceof InflateError) throw new HeaderBlockError(`header decompression: ${error.message}`);
      throw error;
    }
  }

  private skipZlibHeader(compressed: Buffer): Buffer {
    if (compressed.length < 2) throw new HeaderBlockError('the first header block has no zlib header');
    const method = compressed[0] ?? 0;
    const flags = compressed[1] ?? 0;
    if ((method & 0x0f) !== 8 || (method * 256 + flags) % 31 !== 0)
      throw new HeaderBlockError('the first header block has no valid zlib header');
    if ((flags & 0x20) === 0) return compressed.subarray(2);
    if (compressed.length < 6) throw new HeaderBlockError('the zlib header ends inside its dictionary id');
    if (compressed.readUInt32BE(2) !== adler32(spdyDictionary))
      throw new HeaderBlockError('the header stream was compressed with another dictionary');
    return compressed.subarray(6);
  }
}
