/**
 * A stand-in upstream DNS server for tests, on 127.0.0.1 (UDP and TCP on one
 * port): it answers from a table and records what it was asked. Tests never
 * forward to a real resolver.
 */
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { createServer, type Server } from 'node:net';
import { TRUNCATED_RESPONSE, decode, encode, type Answer, type DecodedPacket } from 'dns-packet';

export interface FakeUpstreamAnswer {
  readonly answers: Answer[];
  /** Over UDP, answer with TC and no records (the client must ask over TCP). */
  readonly truncateUdp?: boolean;
  /** Never answer (a dead upstream). */
  readonly silent?: boolean;
}

export interface FakeUpstream {
  readonly address: string;
  readonly port: number;
  /** `udp name` / `tcp name` per query received, in order. */
  readonly received: string[];
  readonly receivedIds: number[];
  close(): Promise<void>;
}

function reply(
  query: DecodedPacket,
  table: Readonly<Record<string, FakeUpstreamAnswer>>,
  transport: 'udp' | 'tcp',
): Buffer | undefined {
  const question = query.questions?.[0];
  const entry = table[question?.name.toLowerCase() ?? ''];
  if (entry?.silent === true) return undefined;
  const truncated = entry?.truncateUdp === true && transport === 'udp';
  return encode({
    type: 'response',
    id: query.id ?? 0,
    flags: (entry === undefined ? 3 : 0) | (truncated ? TRUNCATED_RESPONSE : 0) | 0x0180,
    questions: query.questions ?? [],
    answers: truncated ? [] : (entry?.answers ?? []),
  });
}

export async function startFakeUpstream(table: Readonly<Record<string, FakeUpstreamAnswer>>): Promise<FakeUpstream> {
  const received: string[] = [];
  const receivedIds: number[] = [];
  const udp: UdpSocket = createSocket('udp4');
  udp.on('message', (message, remote) => {
    const query = decode(message);
    received.push(`udp ${query.questions?.[0]?.name ?? ''}`);
    receivedIds.push(query.id ?? 0);
    const response = reply(query, table, 'udp');
    if (response !== undefined) udp.send(response, remote.port, remote.address);
  });
  await new Promise<void>((resolve) => udp.bind(0, '127.0.0.1', () => resolve()));
  const port = udp.address().port;
  const tcp: Server = createServer((socket) => {
    let buffered: Buffer = Buffer.alloc(0);
    socket.on('error', () => undefined);
    socket.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      while (buffered.length >= 2 && buffered.length >= 2 + buffered.readUInt16BE(0)) {
        const query = decode(buffered.subarray(2, 2 + buffered.readUInt16BE(0)));
        buffered = buffered.subarray(2 + buffered.readUInt16BE(0));
        received.push(`tcp ${query.questions?.[0]?.name ?? ''}`);
        receivedIds.push(query.id ?? 0);
        const response = reply(query, table, 'tcp');
        if (response === undefined) continue;
        const prefix = Buffer.alloc(2);
        prefix.writeUInt16BE(response.length, 0);
        socket.write(Buffer.concat([prefix, response]));
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    tcp.once('error', reject);
    tcp.listen(port, '127.0.0.1', () => resolve());
  });
  return {
    address: '127.0.0.1',
    port,
    received,
    receivedIds,
    close: async () => {
      await Promise.all([
        new Promise<void>((resolve) => udp.close(() => resolve())),
        new Promise<void>((resolve) => tcp.close(() => resolve())),
      ]);
    },
  };
}

/** A UDP socket on 127.0.0.1 that reads and never answers. */
export async function startBlackHole(): Promise<{ address: string; port: number; close(): Promise<void> }> {
  const socket = createSocket('udp4');
  socket.on('message', () => undefined);
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => resolve()));
  return {
    address: '127.0.0.1',
    port: socket.address().port,
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}
