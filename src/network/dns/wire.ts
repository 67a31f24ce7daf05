/**
 * DNS wire-format helpers around dns-packet: header fields read straight from
 * the bytes (for packets too broken to decode), response encoding, and UDP
 * truncation (RFC 1035 §4.2.1, RFC 6891 §6.2.5).
 */
import {
  AUTHORITATIVE_ANSWER,
  RECURSION_AVAILABLE,
  RECURSION_DESIRED,
  TRUNCATED_RESPONSE,
  encode,
  encodingLength,
  type Answer,
  type DecodedPacket,
  type Packet,
  type Question,
} from 'dns-packet';
import type { DnsRcode } from './records.js';

export const headerBytes = 12;
/** Without EDNS a UDP answer holds at most this (RFC 1035 §2.3.4). */
export const classicUdpBytesMax = 512;

const rcodeNumbers: Readonly<Record<DnsRcode, number>> = {
  NOERROR: 0,
  FORMERR: 1,
  SERVFAIL: 2,
  NXDOMAIN: 3,
  NOTIMP: 4,
  REFUSED: 5,
};
const rcodeNames = ['NOERROR', 'FORMERR', 'SERVFAIL', 'NXDOMAIN', 'NOTIMP', 'REFUSED'];

export function rcodeNumber(rcode: DnsRcode): number {
  return rcodeNumbers[rcode];
}

/** The rcode of an encoded message (header only), e.g. 'NXDOMAIN', or 'RCODE_9'. */
export function rcodeOf(message: Buffer): string {
  const code = (message[3] ?? 0) & 0x0f;
  return rcodeNames[code] ?? `RCODE_${code}`;
}

export function isKnownRcode(rcode: string): rcode is DnsRcode {
  return rcode in rcodeNumbers;
}

export function isResponse(message: Buffer): boolean {
  return ((message[2] ?? 0) & 0x80) !== 0;
}

export function opcodeOf(message: Buffer): number {
  return ((message[2] ?? 0) >> 3) & 0x0f;
}

function responseFlags(query: Buffer, rcode: number, authoritative: boolean): number {
  const recursionDesired = ((query[2] ?? 0) & 0x01) !== 0;
  return (
    (opcodeOf(query) << 11) |
    (authoritative ? AUTHORITATIVE_ANSWER : 0) |
    (recursionDesired ? RECURSION_DESIRED : 0) |
    RECURSION_AVAILABLE |
    rcode
  );
}

/** A bare header answering a query we cannot (or will not) decode: its id, no sections. */
export function headerOnlyResponse(query: Buffer, rcode: DnsRcode): Buffer {
  const response = Buffer.alloc(headerBytes);
  response.writeUInt16BE(query.readUInt16BE(0), 0);
  // QR | opcode and RD of the query | RA | rcode; a 2-byte "packet" has neither
  response.writeUInt16BE(
    0x8000 | (query.length >= 3 ? responseFlags(query, rcodeNumber(rcode), false) : rcodeNumber(rcode)),
    2,
  );
  return response;
}

/** The UDP payload size the client accepts: 512 unless it sent EDNS, never above our cap. */
export function udpLimitBytes(query: DecodedPacket, capBytes: number): number {
  const opt = query.additionals?.find((record) => record.type === 'OPT');
  if (opt === undefined || opt.type !== 'OPT') return classicUdpBytesMax;
  return Math.min(capBytes, Math.max(classicUdpBytesMax, opt.udpPayloadSize));
}

export function hasEdns(query: DecodedPacket): boolean {
  return query.additionals?.some((record) => record.type === 'OPT') === true;
}

export interface ResponseParts {
  readonly rcode: DnsRcode;
  readonly authoritative: boolean;
  readonly answers: readonly Answer[];
  readonly authorities: readonly Answer[];
  readonly additionals: readonly Answer[];
}

/** The response packet to `query` (its id and question), with an OPT record when the query had one. */
export function responsePacket(query: DecodedPacket, raw: Buffer, parts: ResponseParts, ednsBytes: number): Packet {
  const opt: Answer[] = hasEdns(query)
    ? [
        {
          type: 'OPT',
          name: '.',
          udpPayloadSize: ednsBytes,
          extendedRcode: 0,
          ednsVersion: 0,
          flags: 0,
          flag_do: false,
          options: [],
        },
      ]
    : [];
  const questions: Question[] = (query.questions ?? []).map((question) => ({
    name: question.name,
    type: question.type,
    class: question.class ?? 'IN',
  }));
  return {
    type: 'response',
    id: query.id ?? 0,
    flags: responseFlags(raw, rcodeNumber(parts.rcode), parts.authoritative),
    questions,
    answers: [...parts.answers],
    authorities: [...parts.authorities],
    additionals: [...parts.additionals, ...opt],
  };
}

export interface Encoded {
  readonly message: Buffer;
  readonly truncated: boolean;
}

/**
 * Encodes within `limitBytes`: first the additional records go (no TC: they
 * are optional), then the authority section and answers from the end, with
 * TC set so the client asks again over TCP. The OPT record always stays.
 */
export function encodeWithin(packet: Packet, limitBytes: number): Encoded {
  if (encodingLength(packet) <= limitBytes) return { message: encode(packet), truncated: false };
  const opt = (packet.additionals ?? []).filter((record) => record.type === 'OPT');
  const lean: Packet = { ...packet, additionals: opt };
  if (encodingLength(lean) <= limitBytes) return { message: encode(lean), truncated: false };
  const answers = packet.answers ?? [];
  const flags = (packet.flags ?? 0) | TRUNCATED_RESPONSE;
  let low = 0;
  let high = answers.length;
  // the largest answer prefix that fits: lengths grow with the count
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    const candidate: Packet = { ...lean, flags, authorities: [], answers: answers.slice(0, middle) };
    if (encodingLength(candidate) <= limitBytes) low = middle;
    else high = middle - 1;
  }
  return { message: encode({ ...lean, flags, authorities: [], answers: answers.slice(0, low) }), truncated: true };
}
