/** `orca worker`'s pod-network flags, turned into NodeNetwork options (each checked, naming the flag). */
import { NetworkError } from './network-error.js';
import { nodeNetworkDefaults, type NodeNetworkOptions } from './node-network.js';

export interface NodeNetworkFlags {
  readonly podNetwork?: unknown;
  readonly clusterCidr?: unknown;
  readonly clusterDomain?: unknown;
  readonly ingressHttp?: unknown;
  readonly ingressHttps?: unknown;
  readonly dnsUpstreams?: unknown;
}

type FlagOptions = Pick<
  NodeNetworkOptions,
  'clusterCidr' | 'clusterDomain' | 'ingressHttp' | 'ingressHttps' | 'routes' | 'proxy' | 'dns'
> & { dnsUpstreams?: readonly string[] };

const hostPort = /^(\d{1,3}(\.\d{1,3}){3}|\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/;

function text(value: unknown, flag: string, fallback: string): string {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'string' || value.trim() === '')
    throw new NetworkError('config', `--${flag}: must be a non-empty string`);
  return value.trim();
}

function listener(value: unknown, flag: string, fallback: string): string | null {
  const given = text(value, flag, fallback);
  if (given === 'off') return null;
  const match = hostPort.exec(given);
  if (match === null || Number(match[3]) > 65_535)
    throw new NetworkError('config', `--${flag}: "${given}" must be host:port or off`);
  return given;
}

export function nodeNetworkOptionsFromFlags(flags: NodeNetworkFlags): FlagOptions {
  const enabled = flags.podNetwork !== false;
  const clusterCidr = text(flags.clusterCidr, 'cluster-cidr', nodeNetworkDefaults.clusterCidr);
  if (!/^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/.test(clusterCidr))
    throw new NetworkError('config', `--cluster-cidr: "${clusterCidr}" must be an IPv4 CIDR`);
  const clusterDomain = text(flags.clusterDomain, 'cluster-domain', nodeNetworkDefaults.clusterDomain).replace(
    /\.$/,
    '',
  );
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(clusterDomain)) {
    throw new NetworkError('config', `--cluster-domain: "${clusterDomain}" must be a DNS name`);
  }
  const upstreams = flags.dnsUpstreams === undefined ? undefined : text(flags.dnsUpstreams, 'dns-upstreams', '');
  return {
    clusterCidr,
    clusterDomain,
    routes: enabled,
    proxy: enabled,
    dns: enabled,
    ingressHttp: enabled ? listener(flags.ingressHttp, 'ingress-http', nodeNetworkDefaults.ingressHttp) : null,
    ingressHttps: enabled ? listener(flags.ingressHttps, 'ingress-https', nodeNetworkDefaults.ingressHttps) : null,
    ...(upstreams === undefined
      ? {}
      : {
          dnsUpstreams:
            upstreams === 'none'
              ? []
              : upstreams
                  .split(',')
                  .map((entry) => entry.trim())
                  .filter((entry) => entry !== ''),
        }),
  };
}
