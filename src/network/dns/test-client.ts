/** A minimal DNS client for tests: one query per call over UDP or TCP, with a deadline. */
import { createSocket } from 'node:dgram';
import { connect } from 'node:net';
import { encode, type Answer, type Packet } from 'dns-packet';

export const testDeadlineMs = 3_000;

export function queryPacket(name: string, type: string, options: { id?: number; ednsBytes?: number } = {}): Packet {
  const additionals: Answer[] =
    options.ednsBytes === undefined
      ? []
      : [
          {
            type: 'OPT',
            name: '.',
            udpPayloadSize: options.ednsBytes,
            extendedRcode: 0,
            ednsVersion: 0,
            flags: 0,
            flag_do: false,
            options: [],
          },
        ];
  return {
    type: 'query',
    id: options.id ?? 0x4242,
    flags: 0x0100,
    questions: [{ name, type: type as 'A', class: 'IN' }],
    additionals,
  };
}

/** Sends raw bytes over UDP and resolves with the first datagram back; rejects after the deadline. */
export function sendUdp(port: number, ...messages: Buffer[]): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const socket = createSocket('udp4');
    const timer = setTimeout(() => {
      socket.close();
      reject(new Error(`no UDP answer within ${testDeadlineMs} ms`));
    }, testDeadlineMs);
    socket.on('message', (message) => {
      clearTimeout(timer);
      socket.close();
      resolve(message);
    });
    for (const message of messages) socket.send(message, port, '127.0.0.1');
  });
}

export function udpQuery(port: number, packet: Packet): Promise<Buffer> {
  return sendUdp(port, encode(packet));
}

export function frame(message: Buffer): Buffer {
  const prefix = Buffer.alloc(2);
  prefix.writeUInt16BE(message.length, 0);
  return Buffer.concat([prefix, message]);
}

/** Writes the messages (framed) on one connection, half-closes, and resolves with `count` answers. */
export function tcpQueries(port: number, messages: Buffer[], count = messages.length): Promise<Buffer[]> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    const answers: Buffer[] = [];
    let buffered: Buffer = Buffer.alloc(0);
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`only ${answers.length} of ${count} TCP answers within ${testDeadlineMs} ms`));
    }, testDeadlineMs);
    socket.on('error', reject);
    socket.on('connect', () => socket.end(Buffer.concat(messages.map(frame))));
    socket.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      while (buffered.length >= 2 && buffered.length >= 2 + buffered.readUInt16BE(0)) {
        answers.push(Buffer.from(buffered.subarray(2, 2 + buffered.readUInt16BE(0))));
        buffered = buffered.subarray(2 + buffered.readUInt16BE(0));
      }
      if (answers.length >= count) {
        clearTimeout(timer);
        socket.destroy();
        resolve(answers);
      }
    });
  });
}
