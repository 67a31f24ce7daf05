/**
 * The cluster DNS server of one worker: UDP and TCP on one address and port
 * (the kube-dns Service IP on a dummy interface, 10.96.0.10:53), answering
 * cluster names from the NetworkSource cache and relaying the rest upstream.
 */
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { createServer, isIP, isIPv6, type Server, type Socket as TcpSocket } from 'node:net';
import type { NetworkSource } from '../network-source.js';
import {
  clusterDnsDefaults,
  formatUpstream,
  parseUpstream,
  requireInteger,
  validateResolverConfig,
  type ResolverConfig,
} from './dns-config.js';
import { NetworkError } from '../network-error.js';
import { DnsIndex } from './dns-index.js';
import { ipKey } from './dns-names.js';
import { UpstreamForwarder } from './forwarder.js';
import { QueryHandler, type DnsStats } from './query-handler.js';
import { TcpConnection } from './tcp-connection.js';

export interface ListenAddress {
  readonly address: string;
  readonly port: number;
}

export interface ClusterDnsServerOptions {
  readonly source: NetworkSource;
  /** Port 0 picks a free port (the same one for UDP and TCP). */
  readonly listen: ListenAddress;
  /** `host:port` of the servers names outside the cluster go to; none: REFUSED. */
  readonly upstreams: readonly string[];
  readonly clusterDomain?: string;
  readonly ttlSeconds?: number;
  readonly answersMax?: number;
  readonly upstreamTimeoutMs?: number;
  readonly forwardsInFlightMax?: number;
  readonly udpPayloadBytesMax?: number;
  readonly queryBytesMax?: number;
  readonly tcpConnectionsMax?: number;
  readonly tcpIdleTimeoutMs?: number;
  readonly tcpQueriesInFlightPerConnectionMax?: number;
  /** Socket errors the server survives (a client resetting, a send failing). */
  readonly onError?: (error: Error) => void;
}

export interface ClusterDnsStats extends DnsStats {
  readonly tcpConnections: number;
  readonly forwardsInFlight: number;
}

const bindAttemptsMax = 5;

export class ClusterDnsServer {
  private readonly settings: Required<Omit<ClusterDnsServerOptions, 'source' | 'listen' | 'upstreams' | 'onError'>>;
  private readonly config: ResolverConfig;
  private readonly index: DnsIndex;
  private readonly forwarder: UpstreamForwarder;
  private readonly handler: QueryHandler;
  private readonly connections = new Set<TcpSocket>();
  private readonly onError: (error: Error) => void;
  private udp: UdpSocket | undefined;
  private tcp: Server | undefined;
  private state: 'new' | 'starting' | 'running' | 'closed' = 'new';

  constructor(private readonly options: ClusterDnsServerOptions) {
    this.settings = validateSettings(options);
    if (isIP(options.listen.address) === 0)
      throw new NetworkError(
        'config',
        `listen.address must be an IP address, got ${JSON.stringify(options.listen.address)}`,
      );
    requireInteger('listen.port', options.listen.port, 0, 65_535);
    const unspecified = options.listen.address === '0.0.0.0' || ipKey(options.listen.address) === ipKey('::');
    this.config = validateResolverConfig({
      clusterDomain: this.settings.clusterDomain,
      ttlSeconds: this.settings.ttlSeconds,
      answersMax: this.settings.answersMax,
      ...(unspecified ? {} : { nameserverAddress: options.listen.address }),
    });
    this.onError = options.onError ?? (() => undefined);
    this.forwarder = new UpstreamForwarder({
      upstreams: withoutSelf(options.upstreams, options.listen),
      timeoutMs: this.settings.upstreamTimeoutMs,
      inFlightMax: this.settings.forwardsInFlightMax,
    });
    this.index = new DnsIndex(options.source, Math.floor(Date.now() / 1000));
    this.handler = new QueryHandler({
      lookup: this.index,
      config: this.config,
      forwarder: this.forwarder,
      udpPayloadBytesMax: this.settings.udpPayloadBytesMax,
      queryBytesMax: this.settings.queryBytesMax,
    });
  }

  /** Binds UDP, then TCP on the same port; resolves with the bound address. */
  async start(): Promise<ListenAddress> {
    if (this.state !== 'new') throw new NetworkError('closed', `start: the server is ${this.state}`);
    this.state = 'starting';
    const { address, port } = this.options.listen;
    for (let attempt = 1; ; attempt += 1) {
      const udp = await this.bindUdp(address, port);
      const boundPort = udp.address().port;
      try {
        this.tcp = await this.listenTcp(address, boundPort);
        this.udp = udp;
        this.state = 'running';
        return { address, port: boundPort };
      } catch (error: unknown) {
        udp.close();
        // a free UDP port may be taken for TCP: with port 0, try another
        if (port !== 0 || attempt >= bindAttemptsMax) {
          this.state = 'closed';
          throw new NetworkError('listen', `cannot listen on TCP ${address}:${boundPort}: ${String(error)}`, {
            cause: error,
          });
        }
      }
    }
  }

  async close(): Promise<void> {
    if (this.state === 'closed') return;
    this.state = 'closed';
    this.index.close();
    this.forwarder.close();
    for (const socket of this.connections) socket.destroy();
    const udp = this.udp;
    const tcp = this.tcp;
    await Promise.all([
      udp === undefined ? undefined : new Promise<void>((resolve) => udp.close(() => resolve())),
      tcp === undefined ? undefined : new Promise<void>((resolve) => tcp.close(() => resolve())),
    ]);
  }

  /** The upstreams in use, `host:port` (our own address left out). */
  upstreams(): string[] {
    return this.forwarder.upstreams.map(formatUpstream);
  }

  stats(): ClusterDnsStats {
    return {
      ...this.handler.stats(),
      tcpConnections: this.connections.size,
      forwardsInFlight: this.forwarder.pending(),
    };
  }

  private bindUdp(address: string, port: number): Promise<UdpSocket> {
    return new Promise((resolve, reject) => {
      const socket = createSocket({ type: isIPv6(address) ? 'udp6' : 'udp4' });
      socket.once('error', (error) => {
        try {
          socket.close();
        } catch {
          // never bound: nothing to close
        }
        reject(new NetworkError('listen', `cannot bind UDP ${address}:${port}: ${error.message}`, { cause: error }));
      });
      socket.bind({ address, port, exclusive: true }, () => {
        socket.removeAllListeners('error');
        socket.on('error', (error) => this.onError(error));
        socket.on('message', (message, remote) => this.onDatagram(socket, message, remote.address, remote.port));
        resolve(socket);
      });
    });
  }

  private onDatagram(socket: UdpSocket, message: Buffer, address: string, port: number): void {
    this.handler
      .handle(message, 'udp')
      .then((response) => {
        if (response === undefined || this.state === 'closed') return;
        socket.send(response, port, address, (error) => {
          if (error) this.onError(error);
        });
      })
      .catch((error: unknown) => this.onError(error instanceof Error ? error : new Error(String(error))));
  }

  private listenTcp(address: string, port: number): Promise<Server> {
    return new Promise((resolve, reject) => {
      const server = createServer({ allowHalfOpen: true }, (socket) => this.onConnection(socket));
      server.once('error', reject);
      server.listen({ host: address, port, exclusive: true }, () => {
        server.removeListener('error', reject);
        server.on('error', (error) => this.onError(error));
        resolve(server);
      });
    });
  }

  private onConnection(socket: TcpSocket): void {
    if (this.state !== 'running' || this.connections.size >= this.settings.tcpConnectionsMax) {
      this.handler.drop();
      socket.destroy();
      return;
    }
    this.connections.add(socket);
    socket.on('close', () => this.connections.delete(socket));
    new TcpConnection(
      socket,
      this.handler,
      {
        queryBytesMax: this.settings.queryBytesMax,
        idleTimeoutMs: this.settings.tcpIdleTimeoutMs,
        inFlightMax: this.settings.tcpQueriesInFlightPerConnectionMax,
      },
      this.onError,
    );
  }
}

function validateSettings(options: ClusterDnsServerOptions): ClusterDnsServer['settings'] {
  const settings = {
    clusterDomain: options.clusterDomain ?? clusterDnsDefaults.clusterDomain,
    ttlSeconds: options.ttlSeconds ?? clusterDnsDefaults.ttlSeconds,
    answersMax: options.answersMax ?? clusterDnsDefaults.answersMax,
    upstreamTimeoutMs: options.upstreamTimeoutMs ?? clusterDnsDefaults.upstreamTimeoutMs,
    forwardsInFlightMax: options.forwardsInFlightMax ?? clusterDnsDefaults.forwardsInFlightMax,
    udpPayloadBytesMax: options.udpPayloadBytesMax ?? clusterDnsDefaults.udpPayloadBytesMax,
    queryBytesMax: options.queryBytesMax ?? clusterDnsDefaults.queryBytesMax,
    tcpConnectionsMax: options.tcpConnectionsMax ?? clusterDnsDefaults.tcpConnectionsMax,
    tcpIdleTimeoutMs: options.tcpIdleTimeoutMs ?? clusterDnsDefaults.tcpIdleTimeoutMs,
    tcpQueriesInFlightPerConnectionMax:
      options.tcpQueriesInFlightPerConnectionMax ?? clusterDnsDefaults.tcpQueriesInFlightPerConnectionMax,
  };
  requireInteger('udpPayloadBytesMax', settings.udpPayloadBytesMax, 512, 65_535);
  requireInteger('queryBytesMax', settings.queryBytesMax, 512, 65_535);
  requireInteger('tcpConnectionsMax', settings.tcpConnectionsMax, 1, 100_000);
  requireInteger('tcpIdleTimeoutMs', settings.tcpIdleTimeoutMs, 100, 600_000);
  requireInteger('tcpQueriesInFlightPerConnectionMax', settings.tcpQueriesInFlightPerConnectionMax, 1, 1_000);
  return settings;
}

/** Our own address among the upstreams would loop every query until it times out. */
function withoutSelf(upstreams: readonly string[], listen: ListenAddress): string[] {
  return upstreams
    .filter((text) => {
      const upstream = parseUpstream(text);
      return !(ipKey(upstream.host) === ipKey(listen.address) && upstream.port === listen.port);
    })
    .map((text) => formatUpstream(parseUpstream(text)));
}
