import { createServer, connect, type Server, type Socket } from 'node:net';
import { constants, createDeflate, inflateSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { SpdyConnection, type SpdyStream } from './connection.js';
import { encodeData, encodeSynStream, FrameError, FrameParser } from './frames.js';
import {
  decodeHeaderBlock,
  encodeHeaderBlock,
  HeaderBlockError,
  HeaderCompressor,
  HeaderDecompressor,
  spdyDictionary,
} from './header-codec.js';
import { adler32 } from './inflate.js';

/** Compresses blocks as Go's SPDY framer does: one zlib stream with the dictionary, a sync flush after each block. */
async function zlibBlocks(blocks: Buffer[], level: number): Promise<Buffer[]> {
  const deflate = createDeflate({ dictionary: spdyDictionary, level });
  const out: Buffer[] = [];
  for (const block of blocks) {
    const chunks: Buffer[] = [];
    const onData = (chunk: Buffer): void => void chunks.push(chunk);
    deflate.on('data', onData);
    deflate.write(block);
    await new Promise<void>((resolve) => deflate.flush(constants.Z_SYNC_FLUSH, () => resolve()));
    // The flush's output is pushed before its callback runs; one turn lets it reach the listener.
    await new Promise((resolve) => setImmediate(resolve));
    deflate.off('data', onData);
    out.push(Buffer.concat(chunks));
  }
  deflate.close();
  return out;
}

describe('SPDY header compression', () => {
  it('uses the SPDY/3 dictionary, byte for byte (its length and zlib id)', () => {
    expect(spdyDictionary.length).toBe(1423);
    expect(adler32(spdyDictionary)).toBe(0xe3c6a7c2);
  });

  it('decodes header blocks compressed by zlib across one stream, at every level (back references into earlier blocks and the dictionary)', async () => {
    const headers: Record<string, string>[] = [
      { streamtype: 'error', port: '8080', requestid: '0' },
      { streamtype: 'data', port: '8080', requestid: '0' },
      { streamtype: 'error', port: '8080', requestid: '1' },
      { 'x-long': 'abc'.repeat(5000), streamtype: 'stdout' },
    ];
    for (const level of [0, 1, 6, 9]) {
      const compressed = await zlibBlocks(headers.map(encodeHeaderBlock), level);
      const decompressor = new HeaderDecompressor(64 * 1024);
      const decoded = compressed.map((block) => decodeHeaderBlock(decompressor.decompress(block), 100));
      expect(decoded).toEqual(headers);
    }
  });

  it('writes blocks any zlib reader with the dictionary decodes', () => {
    const compressor = new HeaderCompressor();
    const headerSets: Record<string, string>[] = [{ a: '1' }, {}, { 'x-big': 'y'.repeat(70_000) }];
    const blocks = headerSets.map(encodeHeaderBlock);
    const compressed = blocks.map((block) => compressor.compress(block));
    // Each ends as a sync flush does, with an empty stored block: Go's reader needs it to hand the block out.
    for (const piece of compressed) expect(piece.subarray(-5)).toEqual(Buffer.from([0, 0, 0, 0xff, 0xff]));
    const stream = Buffer.concat(compressed);
    const plain = inflateSync(stream, { dictionary: spdyDictionary, finishFlush: constants.Z_SYNC_FLUSH });
    expect(plain.equals(Buffer.concat(blocks))).toBe(true);
    // And our own reader, block by block.
    const again = new HeaderCompressor();
    const decompressor = new HeaderDecompressor(128 * 1024);
    for (const block of blocks) expect(decompressor.decompress(again.compress(block)).equals(block)).toBe(true);
  });

  it('refuses a block that decompresses beyond the limit, uppercase names and duplicates', async () => {
    const [bomb] = await zlibBlocks([Buffer.alloc(100_000)], 9);
    expect(() => new HeaderDecompressor(1024).decompress(bomb ?? Buffer.alloc(0))).toThrow(HeaderBlockError);
    const upper = Buffer.concat([Buffer.from([0, 0, 0, 1, 0, 0, 0, 1]), Buffer.from('A'), Buffer.from([0, 0, 0, 0])]);
    expect(() => decodeHeaderBlock(upper, 10)).toThrow(/lowercase/);
    expect(() => decodeHeaderBlock(encodeHeaderBlock({ a: '1', b: '2' }), 1)).toThrow(/more than 1/);
  });
});

describe('SPDY frames', () => {
  it('cuts a byte stream into frames however it is split', () => {
    const bytes = Buffer.concat([
      encodeSynStream(1, Buffer.from('hdr'), 0),
      encodeData(1, Buffer.from('hello'), 1),
      encodeData(3, Buffer.alloc(0)),
    ]);
    for (let cut = 0; cut <= bytes.length; cut += 1) {
      const parser = new FrameParser(1024);
      const frames = [...parser.push(bytes.subarray(0, cut)), ...parser.push(bytes.subarray(cut))];
      expect(frames.map((frame) => frame.type)).toEqual(['synStream', 'data', 'data']);
      expect(frames[1]).toMatchObject({ streamId: 1, flags: 1, data: Buffer.from('hello') });
    }
  });

  it('refuses a frame larger than its bound before buffering it', () => {
    const parser = new FrameParser(16);
    expect(() => parser.push(encodeData(1, Buffer.alloc(17)).subarray(0, 8))).toThrow(FrameError);
  });
});

let server: Server | undefined;
afterEach(() => {
  server?.close();
  server = undefined;
});

async function pair(): Promise<{ client: SpdyConnection; server: SpdyConnection; sockets: Socket[] }> {
  const accepted = new Promise<Socket>((resolve) => {
    // Half-open sockets, as an HTTP server's upgraded ones are: nothing ends a side but its owner.
    server = createServer({ allowHalfOpen: true }, resolve);
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const address = server?.address();
  if (address === null || address === undefined || typeof address === 'string') throw new Error('no port');
  const socket = connect({ port: address.port, host: '127.0.0.1', allowHalfOpen: true });
  const serverSocket = await accepted;
  return {
    client: new SpdyConnection(socket, { role: 'client' }),
    server: new SpdyConnection(serverSocket, { role: 'server' }),
    sockets: [socket, serverSocket],
  };
}

function collect(stream: SpdyStream): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
    stream.once('end', () => resolve(text));
  });
}

describe('a SPDY connection', () => {
  it('opens streams with headers, carries data both ways, half-closes with FIN and answers pings', async () => {
    const { client, server: peer } = await pair();
    peer.on('stream', (stream: SpdyStream) => {
      stream.reply({});
      const echo = collect(stream);
      void echo.then((text) => {
        stream.write(Buffer.from(`${stream.headers['streamtype']}:${text}`));
        stream.end();
      });
    });
    const opened = await Promise.all([client.open({ streamtype: 'data' }), client.open({ StreamType: 'error' })]);
    const answers = opened.map(collect);
    opened[0]?.write(Buffer.from('x'.repeat(100_000)));
    opened[0]?.end();
    opened[1]?.end();
    const [data, error] = await Promise.all(answers);
    expect(data).toBe(`data:${'x'.repeat(100_000)}`);
    expect(error).toBe('error:');
    await client.ping();
    await peer.ping();
    client.close();
    await new Promise((resolve) => peer.once('close', resolve));
    expect(peer.isClosed).toBe(true);
  });

  it('holds data that arrives before anyone listens, and its FIN, until a listener comes', async () => {
    const { client, server: peer } = await pair();
    const heard = new Promise<string>((resolve) => {
      peer.on('stream', (stream: SpdyStream) => {
        stream.reply({});
        // A handler that looks something up before it reads.
        setTimeout(() => void collect(stream).then(resolve), 20);
      });
    });
    const stream = await client.open({ streamtype: 'data' });
    stream.write(Buffer.from('early '));
    stream.write(Buffer.from('bytes'));
    stream.end();
    expect(await heard).toBe('early bytes');
    client.close();
  });

  it('ends its side of the transport when the peer ends, so no socket stays half open', async () => {
    const { client, sockets } = await pair();
    const closed = new Promise((resolve) => sockets[0]?.once('close', resolve));
    sockets[1]?.end();
    await closed;
    expect(client.isClosed).toBe(true);
  });

  it('rejects an open the peer resets, and resets every stream when the connection ends', async () => {
    const { client, server: peer } = await pair();
    peer.on('stream', (stream: SpdyStream) => {
      if (stream.headers['refuse'] === 'yes') stream.reset();
      else stream.reply({});
    });
    await expect(client.open({ refuse: 'yes' })).rejects.toThrow(/refused/);
    const kept = await client.open({ refuse: 'no' });
    const reset = new Promise((resolve) => kept.once('reset', resolve));
    peer.destroy();
    await reset;
    expect(client.isClosed).toBe(true);
  });
});
