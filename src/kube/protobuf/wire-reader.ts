/**
 * The protobuf wire format, read by hand over one message's bytes: tags,
 * varints, fixed-width values and length-delimited runs, each bounds-checked
 * so that a truncated or hostile body fails with a message that says what was
 * wrong, where a general-purpose reader would throw a bare RangeError. Values
 * come back as bigint so that no 64-bit integer is rounded on the way.
 */

export const WireType = {
  varint: 0,
  fixed64: 1,
  lengthDelimited: 2,
  startGroup: 3,
  endGroup: 4,
  fixed32: 5,
} as const;
export type WireType = (typeof WireType)[keyof typeof WireType];

/** The largest field number protobuf allows (2^29 - 1). */
const fieldNumberMax = 536_870_911;
const varintBytesMax = 10;

export interface Tag {
  readonly fieldNumber: number;
  readonly wireType: WireType;
}

/** Called with what went wrong; it throws (with the caller's field path), so it never returns. */
export type Fail = (message: string) => never;

export class WireReader {
  private position: number;

  constructor(
    private readonly bytes: Uint8Array,
    private readonly fail: Fail,
  ) {
    this.position = 0;
  }

  done(): boolean {
    return this.position >= this.bytes.length;
  }

  tag(): Tag {
    const value = this.varint();
    const fieldNumber = Number(value >> 3n);
    const wireType = Number(value & 7n);
    if (fieldNumber < 1 || fieldNumber > fieldNumberMax) this.fail(`field number ${fieldNumber} is out of range`);
    if (wireType > WireType.fixed32) this.fail(`wire type ${wireType} of field ${fieldNumber} does not exist`);
    return { fieldNumber, wireType: wireType as WireType };
  }

  /** An unsigned varint of up to 64 bits. */
  varint(): bigint {
    let result = 0n;
    for (let index = 0; index < varintBytesMax; index += 1) {
      if (this.position >= this.bytes.length) this.fail('a varint runs past the end of its message');
      const byte = this.bytes[this.position] as number;
      this.position += 1;
      result |= BigInt(byte & 0x7f) << BigInt(7 * index);
      if ((byte & 0x80) === 0) {
        if (index === varintBytesMax - 1 && byte > 1) this.fail('a varint is wider than 64 bits');
        return result;
      }
    }
    return this.fail('a varint is longer than 10 bytes');
  }

  /** The bytes of a length-delimited field: a view into the body, not a copy. */
  lengthDelimited(): Uint8Array {
    const length = this.varint();
    const remaining = this.bytes.length - this.position;
    if (length > BigInt(remaining)) this.fail(`a length of ${length} bytes runs past the end of its message`);
    const start = this.position;
    this.position += Number(length);
    return this.bytes.subarray(start, this.position);
  }

  /** Step over a field's value (fixed-width values only ever appear here: Kubernetes' schemas use none). Groups (deprecated, never written by Kubernetes) are refused. */
  skip(tag: Tag): void {
    switch (tag.wireType) {
      case WireType.varint:
        this.varint();
        return;
      case WireType.fixed64:
        this.fixed(8);
        return;
      case WireType.lengthDelimited:
        this.lengthDelimited();
        return;
      case WireType.fixed32:
        this.fixed(4);
        return;
      default:
        this.fail(`field ${tag.fieldNumber} is a group, which Kubernetes never writes`);
    }
  }

  private fixed(width: 4 | 8): bigint {
    if (this.bytes.length - this.position < width)
      this.fail(`a ${width * 8}-bit value runs past the end of its message`);
    let result = 0n;
    for (let index = width - 1; index >= 0; index -= 1)
      result = (result << 8n) | BigInt(this.bytes[this.position + index] as number);
    this.position += width;
    return result;
  }
}
