/**
 * Relays queries for names outside the cluster to upstream servers: UDP with a
 * timeout, then the next upstream; over TCP when the client asked over TCP and
 * the UDP answer came back truncated. Each attempt uses its own socket (a fresh
 * source port) and a random id, checked on the answer, so that a spoofed or late
 * answer is not taken; the answer goes back with the client's id.
 */
import { randomInt } from 'node:crypto';
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { connect, type Socket as TcpSocket } from 'node:net';
import { clusterDnsDefaults, parseUpstream, requireInteger, type Upstream } from './dns-config.js';
import { NetworkError } from '../network-error.js';
import { ipKey } from './dns-names.js';
import { headerBytes, isResponse } from './wire.js';

export interface ForwarderOptions {
  /** `host:port` (IPv6 in brackets), tried in order. None: every query is REFUSED. */
  readonly upstreams: readonly string[];
  readonly timeoutMs?: number;
  readonly inFlightMax?: number;
}

/** `refused`: no upstream configured; `overloaded`: over inFlightMax; `failed`: no upstream answered. */
export type ForwardResult =
  { readonly kind: 'answer'; readonly response: Buffer } | { readonly kind: 'refused' | 'overloaded' | 'failed' };

const tcpMessageBytesMax = 65_535;

export class UpstreamForwarder {
  readonly upstreams: readonly Upstream[];
  private readonly timeoutMs: number;
  private readonly inFlightMax: number;
  private inFlight = 0;
  private closed = false;
  private readonly sockets = new Set<UdpSocket | TcpSocket>();

  constructor(options: ForwarderOptions) {
    if (options.upstreams.length > clusterDnsDefaults.upstreamsMax) {
      throw new NetworkError(
        'config',
        `upstreams: at most ${clusterDnsDefaults.upstreamsMax}, got ${options.upstreams.length}`,
      );
    }
    this.upstreams = options.upstreams.map(parseUpstream);
    this.timeoutMs = options.timeoutMs ?? clusterDnsDefaults.upstreamTimeoutMs;
    this.inFlightMax = options.inFlightMax ?? clusterDnsDefaults.forwardsInFlightMax;
    requireInteger('upstreamTimeoutMs', this.timeoutMs, 1, 60_000);
    requireInteger('forwardsInFlightMax', this.inFlightMax, 1, 100_000);
  }

  /** Queries waiting for an upstream now. */
  pending(): number {
    return this.inFlight;
  }

  async forward(query: Buffer, options: { readonly overTcp: boolean }): Promise<ForwardResult> {
    if (query.length < headerBytes) throw new Error(`forward: a query has at least ${headerBytes} bytes`);
    if (this.upstreams.length === 0) return { kind: 'refused' };
    if (this.closed || this.inFlight >= this.inFlightMax) return { kind: this.closed ? 'failed' : 'overloaded' };
    this.inFlight += 1;
    try {
      const clientId = query.readUInt16BE(0);
      for (const upstream of this.upstreams) {
        if (this.closed) break;
        const response = await this.attempt(upstream, query, options.overTcp);
        if (response === undefined) continue;
        response.writeUInt16BE(clientId, 0);
        return { kind: 'answer', response };
      }
      return { kind: 'failed' };
    } finally {
      this.inFlight -= 1;
    }
  }

  /** Ends every attempt in flight (they report `failed`). */
  close(): void {
    this.closed = true;
    for (const socket of this.sockets) destroy(socket);
    this.sockets.clear();
  }

  private async attempt(upstream: Upstream, query: Buffer, overTcp: boolean): Promise<Buffer | undefined> {
    const id = randomInt(0, 65_536);
    const outgoing = Buffer.from(query);
    outgoing.writeUInt16BE(id, 0);
    const answer = await this.overUdp(upstream, outgoing, id);
    const truncated = answer !== undefined && ((answer[2] ?? 0) & 0x02) !== 0;
    // a UDP client gets the truncated answer as is and retries over TCP itself
    if (!truncated || !overTcp || this.closed) return answer;
    return (await this.overTcp(upstream, outgoing, id)) ?? answer;
  }

  /**
   * The one way an attempt ends: its answer, a timeout, an error or a close,
   * whichever comes first; the socket is forgotten and destroyed either way.
   */
  private settleOnce(
    socket: TcpSocket | UdpSocket,
    resolve: (answer: Buffer | undefined) => void,
  ): (answer: Buffer | undefined) => void {
    this.sockets.add(socket);
    let done = false;
    const finish = (answer: Buffer | undefined): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      this.sockets.delete(socket);
      destroy(socket);
      resolve(answer);
    };
    const timer = setTimeout(() => finish(undefined), this.timeoutMs);
    socket.on('error', () => finish(undefined));
    socket.on('close', () => finish(undefined));
    return finish;
  }

  private overUdp(upstream: Upstream, outgoing: Buffer, id: number): Promise<Buffer | undefined> {
    return new Promise((resolve) => {
      const socket = createSocket(upstream.family === 6 ? 'udp6' : 'udp4');
      const finish = this.settleOnce(socket, resolve);
      socket.on('message', (message, remote) => {
        // only the upstream's answer to this very query counts
        if (
          remote.port !== upstream.port ||
          ipKey(remote.address) !== ipKey(upstream.host) ||
          message.length < headerBytes ||
          message.readUInt16BE(0) !== id ||
          !isResponse(message)
        )
          return;
        finish(message);
      });
      socket.send(outgoing, upstream.port, upstream.host, (error) => {
        if (error) finish(undefined);
      });
    });
  }

  private overTcp(upstream: Upstream, outgoing: Buffer, id: number): Promise<Buffer | undefined> {
    return new Promise((resolve) => {
      const socket = connect({ host: upstream.host, port: upstream.port });
      let received: Buffer = Buffer.alloc(0);
      const finish = this.settleOnce(socket, resolve);
      socket.on('connect', () => socket.write(Buffer.concat([lengthPrefix(outgoing.length), outgoing])));
      socket.on('data', (chunk: Buffer) => {
        received = Buffer.concat([received, chunk]);
        if (received.length > tcpMessageBytesMax + 2) return finish(undefined);
        if (received.length < 2) return undefined;
        const length = received.readUInt16BE(0);
        if (received.length < 2 + length) return undefined;
        const message = received.subarray(2, 2 + length);
        return finish(
          message.length >= headerBytes && message.readUInt16BE(0) === id && isResponse(message)
            ? Buffer.from(message)
            : undefined,
        );
      });
    });
  }
}

export function lengthPrefix(length: number): Buffer {
  const prefix = Buffer.alloc(2);
  prefix.writeUInt16BE(length, 0);
  return prefix;
}

function destroy(socket: UdpSocket | TcpSocket): void {
  try {
    if ('destroy' in socket) socket.destroy();
    else socket.close();
  } catch {
    // already closed: nothing to release
  }
}
