/**
 * The two proxies of a node's data path: the service proxy (nftables, needs
 * root and nft) and the ingress proxy (HTTP/HTTPS listeners). Each starts
 * where the machine allows it; otherwise it stays off and the log says why.
 */
import { execFileSync } from 'node:child_process';
import type { Logger } from '../log/index.js';
import { IngressProxy } from './ingress/ingress-proxy.js';
import type { NetworkSource } from './network-source.js';
import { NetworkError } from './network-error.js';
import { enableProxySysctls } from './proxy/kernel-settings.js';
import { NftSessionExecutor } from './proxy/nft-session.js';
import { ServiceProxy } from './proxy/service-proxy.js';

export interface NodeProxiesOptions {
  readonly source: NetworkSource;
  readonly nodeName: string;
  readonly hostIp: string;
  readonly clusterCidr: string;
  readonly logger: Logger;
  readonly proxy: boolean;
  readonly ingressHttp: string | null;
  readonly ingressHttps: string | null;
}

export interface NodeProxies {
  readonly serviceProxy: ServiceProxy | undefined;
  readonly ingressProxy: IngressProxy | undefined;
  /** Where the ingress proxy listens (host:port), for the user. */
  readonly ingressAddresses: readonly string[];
  stop(): Promise<void>;
}

function nftWorks(): boolean {
  try {
    execFileSync('nft', ['--version'], { stdio: 'ignore', timeout: 5_000 });
    return true;
  } catch {
    return false;
  }
}

function splitListen(text: string | null): { address: string; port: number } | null {
  if (text === null) return null;
  const colon = text.lastIndexOf(':');
  const port = Number(text.slice(colon + 1));
  if (colon <= 0 || !Number.isInteger(port) || port < 0 || port > 65_535)
    throw new NetworkError('config', `listen address "${text}" must be host:port`);
  return { address: text.slice(0, colon).replace(/^\[|\]$/g, ''), port };
}

async function startServiceProxy(options: NodeProxiesOptions): Promise<ServiceProxy | undefined> {
  if (!options.proxy) return undefined;
  if (!nftWorks()) {
    options.logger.warn('service proxy off: no nft command (install nftables)');
    return undefined;
  }
  await enableProxySysctls({ logger: options.logger });
  const proxy = new ServiceProxy({
    source: options.source,
    executor: new NftSessionExecutor(),
    nodeName: options.nodeName,
    nodeIps: [options.hostIp],
    clusterCidr: options.clusterCidr,
    logger: options.logger,
  });
  await proxy.start();
  return proxy;
}

async function startIngressProxy(
  options: NodeProxiesOptions,
): Promise<{ proxy: IngressProxy | undefined; addresses: string[] }> {
  const http = splitListen(options.ingressHttp);
  const https = splitListen(options.ingressHttps);
  if (http === null && https === null) return { proxy: undefined, addresses: [] };
  const proxy = new IngressProxy({ source: options.source, http, https, logger: options.logger });
  try {
    const bound = await proxy.start();
    const addresses = [bound.http, bound.https]
      .filter((entry) => entry !== undefined)
      .map((entry) => `${entry.address}:${entry.port}`);
    options.logger.info({ addresses }, 'ingress proxy serving');
    return { proxy, addresses };
  } catch (error: unknown) {
    // Port 80 taken or not root: the rest of the node works without the ingress.
    options.logger.warn(
      {
        err: error instanceof Error ? error.message : String(error),
        http: options.ingressHttp,
        https: options.ingressHttps,
      },
      'ingress proxy off: it could not listen',
    );
    await proxy.stop().catch(() => undefined);
    return { proxy: undefined, addresses: [] };
  }
}

export async function startNodeProxies(options: NodeProxiesOptions): Promise<NodeProxies> {
  const serviceProxy = await startServiceProxy(options);
  const ingress = await startIngressProxy(options);
  return {
    serviceProxy,
    ingressProxy: ingress.proxy,
    ingressAddresses: ingress.addresses,
    stop: async () => {
      await ingress.proxy?.stop();
      await serviceProxy?.stop();
    },
  };
}
