/**
 * SPDY/3 framing: encoders for the frames Kubernetes' streaming protocols use
 * and a parser that cuts a byte stream into frames. Pure: bytes in, frames
 * out; header blocks stay compressed here (header-codec.ts handles them).
 *
 * Control frame: 1 bit set, 15-bit version (3), 16-bit type, 8-bit flags,
 * 24-bit length, payload. Data frame: 1 bit clear, 31-bit stream id, 8-bit
 * flags, 24-bit length, payload.
 */

export const spdyVersion = 3;

export const FrameType = {
  synStream: 1,
  synReply: 2,
  rstStream: 3,
  settings: 4,
  ping: 6,
  goAway: 7,
  headers: 8,
  windowUpdate: 9,
} as const;

/** FIN on data, SYN_STREAM, SYN_REPLY and HEADERS frames: the sender's side of the stream is done. */
export const flagFin = 0x01;
/** SYN_STREAM only: the receiver may not send on this stream. */
export const flagUnidirectional = 0x02;

/** RST_STREAM status codes. */
export const ResetStatus = {
  protocolError: 1,
  invalidStream: 2,
  refusedStream: 3,
  unsupportedVersion: 4,
  cancel: 5,
  internalError: 6,
  flowControlError: 7,
  streamInUse: 8,
  streamAlreadyClosed: 9,
  frameTooLarge: 11,
} as const;

/** GOAWAY status codes. */
export const GoAwayStatus = { ok: 0, protocolError: 1, internalError: 2 } as const;

/** The most a frame's 24-bit length can say. */
export const framePayloadBytesMax = 0xffffff;

export type Frame =
  | { readonly type: 'data'; readonly streamId: number; readonly flags: number; readonly data: Buffer }
  | {
      readonly type: 'synStream';
      readonly streamId: number;
      readonly associatedId: number;
      readonly priority: number;
      readonly flags: number;
      readonly headerBlock: Buffer;
    }
  | { readonly type: 'synReply'; readonly streamId: number; readonly flags: number; readonly headerBlock: Buffer }
  | { readonly type: 'headers'; readonly streamId: number; readonly flags: number; readonly headerBlock: Buffer }
  | { readonly type: 'rstStream'; readonly streamId: number; readonly status: number }
  | { readonly type: 'ping'; readonly id: number }
  | { readonly type: 'goAway'; readonly lastGoodStreamId: number; readonly status: number }
  /** SETTINGS, WINDOW_UPDATE and types this module does not act on. */
  | { readonly type: 'ignored'; readonly frameType: number };

export class FrameError extends Error {
  override readonly name = 'FrameError';
}

const streamIdMask = 0x7fffffff;

function controlHeader(type: number, flags: number, length: number): Buffer {
  const header = Buffer.alloc(8);
  header.writeUInt16BE(0x8000 | spdyVersion, 0);
  header.writeUInt16BE(type, 2);
  header.writeUInt32BE(((flags & 0xff) << 24) | length, 4);
  return header;
}

function checkStreamId(streamId: number): void {
  if (!Number.isInteger(streamId) || streamId <= 0 || streamId > streamIdMask)
    throw new FrameError(`stream id ${streamId} is not 1..2^31-1`);
}

export function encodeData(streamId: number, data: Buffer, flags = 0): Buffer {
  checkStreamId(streamId);
  if (data.length > framePayloadBytesMax) throw new FrameError(`a data frame of ${data.length} bytes is too large`);
  const header = Buffer.alloc(8);
  header.writeUInt32BE(streamId, 0);
  header.writeUInt32BE(((flags & 0xff) << 24) | data.length, 4);
  return Buffer.concat([header, data]);
}

export function encodeSynStream(streamId: number, headerBlock: Buffer, flags = 0, priority = 0): Buffer {
  checkStreamId(streamId);
  const body = Buffer.alloc(10);
  body.writeUInt32BE(streamId, 0);
  body.writeUInt32BE(0, 4);
  body.writeUInt8((priority & 0x7) << 5, 8);
  return Buffer.concat([controlHeader(FrameType.synStream, flags, 10 + headerBlock.length), body, headerBlock]);
}

export function encodeSynReply(streamId: number, headerBlock: Buffer, flags = 0): Buffer {
  checkStreamId(streamId);
  const body = Buffer.alloc(4);
  body.writeUInt32BE(streamId, 0);
  return Buffer.concat([controlHeader(FrameType.synReply, flags, 4 + headerBlock.length), body, headerBlock]);
}

export function encodeRstStream(streamId: number, status: number): Buffer {
  checkStreamId(streamId);
  const body = Buffer.alloc(8);
  body.writeUInt32BE(streamId, 0);
  body.writeUInt32BE(status, 4);
  return Buffer.concat([controlHeader(FrameType.rstStream, 0, 8), body]);
}

export function encodePing(id: number): Buffer {
  const body = Buffer.alloc(4);
  body.writeUInt32BE(id >>> 0, 0);
  return Buffer.concat([controlHeader(FrameType.ping, 0, 4), body]);
}

export function encodeGoAway(lastGoodStreamId: number, status: number): Buffer {
  const body = Buffer.alloc(8);
  body.writeUInt32BE(lastGoodStreamId & streamIdMask, 0);
  body.writeUInt32BE(status, 4);
  return Buffer.concat([controlHeader(FrameType.goAway, 0, 8), body]);
}

/**
 * Cuts a byte stream into frames. `push` takes bytes as they arrive and
 * returns the frames they complete; a frame longer than `frameBytesMax` is
 * refused (FrameError), so a peer cannot make the parser buffer without bound.
 */
export class FrameParser {
  private buffered: Buffer = Buffer.alloc(0);

  constructor(private readonly frameBytesMax: number) {}

  push(chunk: Buffer): Frame[] {
    this.buffered = this.buffered.length === 0 ? chunk : Buffer.concat([this.buffered, chunk]);
    const frames: Frame[] = [];
    for (;;) {
      if (this.buffered.length < 8) break;
      const length = this.buffered.readUInt32BE(4) & 0xffffff;
      if (length > this.frameBytesMax)
        throw new FrameError(`a frame of ${length} bytes is more than the ${this.frameBytesMax} allowed`);
      if (this.buffered.length < 8 + length) break;
      frames.push(parseFrame(this.buffered.subarray(0, 8 + length)));
      this.buffered = this.buffered.subarray(8 + length);
    }
    if (this.buffered.length === 0) this.buffered = Buffer.alloc(0);
    return frames;
  }
}

function parseFrame(bytes: Buffer): Frame {
  const first = bytes.readUInt32BE(0);
  const flags = bytes.readUInt8(4);
  const payload = bytes.subarray(8);
  if ((first & 0x80000000) === 0) {
    const streamId = first & streamIdMask;
    if (streamId === 0) throw new FrameError('a data frame on stream 0');
    return { type: 'data', streamId, flags, data: Buffer.from(payload) };
  }
  const version = (first >>> 16) & 0x7fff;
  if (version !== spdyVersion) throw new FrameError(`SPDY version ${version} is not 3`);
  const type = first & 0xffff;
  const need = (bytes: number): void => {
    if (payload.length < bytes) throw new FrameError(`control frame ${type} is shorter than ${bytes} bytes`);
  };
  switch (type) {
    case FrameType.synStream:
      need(10);
      return {
        type: 'synStream',
        streamId: payload.readUInt32BE(0) & streamIdMask,
        associatedId: payload.readUInt32BE(4) & streamIdMask,
        priority: payload.readUInt8(8) >>> 5,
        flags,
        headerBlock: Buffer.from(payload.subarray(10)),
      };
    case FrameType.synReply:
    case FrameType.headers:
      need(4);
      return {
        type: type === FrameType.synReply ? 'synReply' : 'headers',
        streamId: payload.readUInt32BE(0) & streamIdMask,
        flags,
        headerBlock: Buffer.from(payload.subarray(4)),
      };
    case FrameType.rstStream:
      need(8);
      return { type: 'rstStream', streamId: payload.readUInt32BE(0) & streamIdMask, status: payload.readUInt32BE(4) };
    case FrameType.ping:
      need(4);
      return { type: 'ping', id: payload.readUInt32BE(0) };
    case FrameType.goAway:
      need(8);
      return {
        type: 'goAway',
        lastGoodStreamId: payload.readUInt32BE(0) & streamIdMask,
        status: payload.readUInt32BE(4),
      };
    default:
      return { type: 'ignored', frameType: type };
  }
}
