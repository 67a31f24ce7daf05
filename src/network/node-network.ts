/**
 * A worker's share of the pod network, as one component the worker starts
 * once its Node is registered and before its first pod: routes to the other
 * workers' pod CIDRs (host-gw), the service proxy (nftables), the cluster DNS
 * server at the kube-dns Service's address, and the ingress proxy. Each is a
 * client of the API through one shared cache (InformerNetworkSource).
 *
 * Each part needs root (routes, nftables, an address on `lo`, ports 53, 80
 * and 443); where the machine cannot, that part stays off and the log says
 * why, so the process runtime on an unprivileged machine still runs pods.
 *
 * The cluster DNS server binds the kube-dns Service's ClusterIP, added as a
 * /32 on the loopback device, as NodeLocal DNSCache binds its link-local
 * address: a pod's query to that address is routed to the node and delivered
 * locally, so every worker answers its own pods from its own cache and keeps
 * answering while the masters are away. The service proxy therefore leaves
 * the kube-dns Service alone.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Node, Pod } from '../api/index.js';
import type { ObjectClient } from '../client/index.js';
import type { Logger } from '../log/index.js';
import {
  ClusterDnsServer,
  podDnsConfig,
  readHostResolvConf,
  upstreamsFromResolvConf,
  type HostResolvConf,
  type PodDnsConfig,
} from './dns/index.js';
import { InformerNetworkSource } from './informer-source.js';
import { filteredSource, type NetworkChange, type NetworkSource } from './network-source.js';
import { NetworkError } from './network-error.js';
import { desiredPodRoutes, KernelRouteTable, syncPodRoutes, type RouteTable } from './routes/pod-routes.js';
import { startNodeProxies, type NodeProxies } from './node-proxies.js';

export const dnsServiceNamespace = 'kube-system';
export const dnsServiceName = 'kube-dns';

export interface NodeNetworkOptions {
  readonly client: ObjectClient;
  readonly nodeName: string;
  /** This node's InternalIP. */
  readonly hostIp: string;
  readonly logger: Logger;
  readonly clusterDomain: string;
  /** The pod network of the whole cluster (masquerade decisions): the masters' --cluster-cidr. */
  readonly clusterCidr: string;
  readonly routes: boolean;
  readonly proxy: boolean;
  readonly dns: boolean;
  /** host:port of the ingress proxy's HTTP and HTTPS listeners; null: off. */
  readonly ingressHttp: string | null;
  readonly ingressHttps: string | null;
  /** Where the cluster DNS forwards names outside the cluster; undefined: the host's resolv.conf nameservers. */
  readonly dnsUpstreams?: readonly string[];
  /** The host's resolv.conf, for dnsPolicy Default and the search path after the cluster's. */
  readonly hostResolvConfPath: string;
  /** How long start() waits for the kube-dns Service to exist, so the first pods get the cluster DNS. */
  readonly dnsServiceWaitMs: number;
}

export const nodeNetworkDefaults = Object.freeze({
  clusterDomain: 'cluster.local',
  clusterCidr: '10.244.0.0/16',
  routes: true,
  proxy: true,
  dns: true,
  ingressHttp: '0.0.0.0:80',
  ingressHttps: '0.0.0.0:443',
  hostResolvConfPath: '/etc/resolv.conf',
  dnsServiceWaitMs: 10_000,
});

function run(command: string, args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, [...args], { timeout: 5_000 }, (error, stdout, stderr) => {
      if (error === null) resolve(stdout);
      else
        reject(new NetworkError('command-failed', `${command} ${args.join(' ')}: ${stderr.trim() || error.message}`));
    });
  });
}

function isRoot(): boolean {
  return process.getuid?.() === 0;
}

function readResolvConf(path: string): HostResolvConf {
  try {
    return readHostResolvConf(readFileSync(path, 'utf8'));
  } catch {
    return readHostResolvConf('');
  }
}

export class NodeNetwork {
  private readonly source: InformerNetworkSource;
  private readonly hostConf: HostResolvConf;
  private readonly routeTable: RouteTable = new KernelRouteTable();
  private readonly unsubscribes: (() => void)[] = [];
  private dnsServer: ClusterDnsServer | undefined;
  private dnsIp = '';
  /** The address this node put on `lo` for the DNS server ('' when none), removed on stop. */
  private loopbackAddress = '';
  private proxies: NodeProxies | undefined;
  private routesBusy: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(private readonly options: NodeNetworkOptions) {
    this.source = new InformerNetworkSource(options.client, (kind, error) =>
      options.logger.warn({ kind, err: error.message }, 'network cache trouble'),
    );
    this.hostConf = readResolvConf(options.hostResolvConfPath);
  }

  /** The cache the data path routes by (for tests and benchmarks). */
  get cache(): NetworkSource {
    return this.source;
  }

  /** Where the ingress proxy listens (host:port); empty when it is off. */
  get ingressAddresses(): readonly string[] {
    return this.proxies?.ingressAddresses ?? [];
  }

  get serviceProxyRunning(): boolean {
    return this.proxies?.serviceProxy !== undefined;
  }

  /** The kube-dns address this node answers at ('' until known). */
  get clusterDnsIp(): string {
    return this.dnsIp;
  }

  async start(_node: Node): Promise<void> {
    await this.source.start();
    const root = isRoot();
    if (!root)
      this.options.logger.warn('pod network: not root, so no pod routes, service proxy or cluster DNS on this node');
    if (root && this.options.routes) this.watchRoutes();
    if (root && this.options.dns) {
      // A node without its DNS server still runs pods (with the host's resolver): say why and go on.
      await this.startDns().catch((error: unknown) =>
        this.options.logger.warn(
          { err: error instanceof Error ? error.message : String(error) },
          'cluster DNS off: it could not start',
        ),
      );
    }
    this.proxies = await startNodeProxies({
      source: filteredSource(this.source, (change) => !(change.kind === 'Service' && isDnsService(change))),
      nodeName: this.options.nodeName,
      hostIp: this.options.hostIp,
      clusterCidr: this.options.clusterCidr,
      logger: this.options.logger,
      proxy: root && this.options.proxy,
      ingressHttp: this.options.ingressHttp,
      ingressHttps: this.options.ingressHttps,
    });
  }

  /** resolv.conf for a pod by its dnsPolicy, with this node's cluster DNS. */
  podDns(pod: Pod): PodDnsConfig {
    return podDnsConfig(pod, {
      clusterDomain: this.options.clusterDomain,
      nameserver: this.dnsIp,
      hostSearches: this.hostConf.searches,
      hostNameservers: this.hostConf.nameservers,
      hostOptions: this.hostConf.options,
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const unsubscribe of this.unsubscribes.splice(0)) unsubscribe();
    await this.proxies?.stop();
    await this.dnsServer?.close();
    if (this.loopbackAddress !== '')
      await run('ip', ['addr', 'del', `${this.loopbackAddress}/32`, 'dev', 'lo']).catch(() => undefined);
    await this.routesBusy;
    await this.source.stop();
  }

  private watchRoutes(): void {
    const sync = (): void => {
      this.routesBusy = this.routesBusy
        .then(async () => {
          if (this.stopped) return;
          const result = await syncPodRoutes(
            this.routeTable,
            desiredPodRoutes(this.source.nodes(), this.options.nodeName),
          );
          for (const failure of result.failures) this.options.logger.warn({ err: failure }, 'pod route not programmed');
        })
        .catch((error: unknown) => this.options.logger.warn({ err: String(error) }, 'pod routes not synced'));
    };
    this.unsubscribes.push(
      this.source.subscribe((changes) => {
        if (changes.length === 0 || changes.some((change) => change.kind === 'Node')) sync();
      }),
    );
    sync();
  }

  private kubeDnsIp(): string {
    const ip = this.source.service(dnsServiceNamespace, dnsServiceName)?.spec?.clusterIp ?? '';
    return ip === 'None' ? '' : ip;
  }

  private async waitForDnsService(): Promise<string> {
    const deadline = Date.now() + this.options.dnsServiceWaitMs;
    while (this.kubeDnsIp() === '' && Date.now() < deadline && !this.stopped) {
      await new Promise<void>((resolve) => {
        const unsubscribe = this.source.subscribe(() => {
          unsubscribe();
          resolve();
        });
        setTimeout(
          () => {
            unsubscribe();
            resolve();
          },
          Math.max(0, deadline - Date.now()),
        ).unref();
      });
    }
    return this.kubeDnsIp();
  }

  private async startDns(): Promise<void> {
    const ip = await this.waitForDnsService();
    if (ip !== '') return this.serveDns(ip);
    this.options.logger.warn(
      `cluster DNS: no ${dnsServiceNamespace}/${dnsServiceName} Service with a ClusterIP yet; pods started before it get the host's resolver`,
    );
    // It comes with the leader's cluster defaults: serve as soon as it is there.
    const unsubscribe = this.source.subscribe((changes) => {
      const late = this.kubeDnsIp();
      if (late === '' || !changes.some((change) => change.kind === 'Service' && isDnsService(change))) return;
      unsubscribe();
      this.serveDns(late).catch((error: unknown) =>
        this.options.logger.warn(
          { err: error instanceof Error ? error.message : String(error) },
          'cluster DNS off: it could not start',
        ),
      );
    });
    this.unsubscribes.push(unsubscribe);
  }

  private async serveDns(ip: string): Promise<void> {
    if (this.stopped) return;
    await run('ip', ['addr', 'replace', `${ip}/32`, 'dev', 'lo']);
    this.loopbackAddress = ip;
    const upstreams =
      this.options.dnsUpstreams ??
      upstreamsFromResolvConf(this.hostConf).filter((upstream) => !upstream.startsWith(`${ip}:`));
    this.dnsServer = new ClusterDnsServer({
      source: this.source,
      listen: { address: ip, port: 53 },
      upstreams,
      clusterDomain: this.options.clusterDomain,
      onError: (error) => this.options.logger.warn({ err: error.message }, 'cluster DNS trouble'),
    });
    await this.dnsServer.start();
    this.dnsIp = ip;
    this.options.logger.info({ address: `${ip}:53`, upstreams }, 'cluster DNS serving');
  }
}

function isDnsService(change: NetworkChange): boolean {
  return change.namespace === dnsServiceNamespace && change.name === dnsServiceName;
}
