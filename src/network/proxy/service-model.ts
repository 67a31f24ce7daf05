/**
 * The pure heart of the proxy: one Service and its Endpoints in, the nftables
 * objects that implement it out (chains with their rules, affinity sets, and
 * the map elements that steer packets into those chains). No I/O, no clock:
 * the same inputs always give the same model, which is what lets an
 * incremental sync diff two models instead of asking the kernel.
 *
 * Per Service port (kube-proxy's nftables design):
 * - `service-…`: marks ClusterIP traffic from outside the pod CIDR for
 *   masquerade, then DNATs to one ready endpoint: a ClientIP-affinity hit
 *   first, else a random pick (see balanceRules); hairpin traffic is marked.
 * - `local-…`: the same over this node's endpoints, for Local traffic policies.
 * - `external-…`: entry for NodePort, externalIPs and load-balancer IPs; marks
 *   for masquerade (policy Cluster) or keeps the client address (Local).
 * - `affinity-…` sets (ClientIP affinity): one per endpoint, holding the
 *   clients sent there, each for the affinity timeout.
 * A port with no ready endpoint gets no chains, only a reject element; a
 * Local policy with none on this node gets a drop element.
 */
import { isIPv4 } from 'node:net';
import type { Endpoints, Service } from '../../api/index.js';
import { affinitySetName, serviceChainName, type ServicePortId } from './chain-names.js';
import { isPortNumber, resolveEndpoints, type ResolvedEndpoint } from './endpoint-resolution.js';
import { masqueradeMark, type RuleOptions } from './rule-options.js';

export type ProxyMapName = 'service-ips' | 'service-nodeports' | 'no-endpoint-services' | 'no-endpoint-nodeports';

export interface MapElement {
  readonly map: ProxyMapName;
  /** The element key as nft writes it: `10.96.0.10 . tcp . 80` or `tcp . 30080`. */
  readonly key: string;
  /** `goto <chain>`, or `drop`. */
  readonly verdict: string;
}

export interface ServiceModel {
  /** namespace/name of the Service. */
  readonly key: string;
  /** Chain name → its rules in order (each rule as written after `add rule ip TABLE CHAIN`). */
  readonly chains: ReadonlyMap<string, readonly string[]>;
  /** Affinity set name → timeout in seconds. */
  readonly sets: ReadonlyMap<string, number>;
  readonly elements: readonly MapElement[];
  /** What was left out and why (bad ports, too many endpoints); for the log. */
  readonly warnings: readonly string[];
}

export const rejectVerdict = 'goto reject-chain';
export const dropVerdict = 'drop';
export const defaultAffinityTimeoutSeconds = 10_800;
const affinityTimeoutMax = 86_400;

const protocols = new Set(['TCP', 'UDP', 'SCTP']);

/**
 * The model for one Service, or undefined when it needs no rules: headless
 * (clusterIp None), ExternalName, or not given an IPv4 ClusterIP yet.
 */
export function buildServiceModel(
  service: Service,
  endpoints: Endpoints | undefined,
  options: RuleOptions,
): ServiceModel | undefined {
  const spec = service.spec ?? {};
  const clusterIp = spec.clusterIp ?? '';
  if (spec.type === 'ExternalName' || !isIPv4(clusterIp)) return undefined;
  const namespace = service.metadata?.namespace ?? '';
  const name = service.metadata?.name ?? '';
  const builder = new ModelBuilder(`${namespace}/${name}`);
  const context = serviceContext(service, clusterIp, options);
  const ports = spec.ports ?? [];
  for (const port of ports) {
    const protocol = port.protocol || 'TCP';
    const number = port.port ?? 0;
    if (!protocols.has(protocol) || !isPortNumber(number)) {
      builder.warnings.push(`port ${port.name ?? ''} ${protocol}/${number}: unsupported protocol or port`);
      continue;
    }
    const portName = port.name ?? '';
    const id: ServicePortId = { namespace, name, protocol: protocol.toLowerCase(), portName: portName || `p${number}` };
    const resolved = resolveEndpoints(endpoints, {
      portName,
      protocol,
      nodeName: options.nodeName,
      max: options.endpointsPerServicePortMax,
    });
    builder.warnings.push(...resolved.warnings);
    const nodePort = context.hasNodePorts && isPortNumber(port.nodePort ?? 0) ? (port.nodePort ?? 0) : 0;
    addServicePort(builder, context, { id, port: number, nodePort, endpoints: resolved.endpoints });
  }
  return builder.build();
}

/** What all ports of a Service share. */
interface ServiceContext {
  readonly clusterIp: string;
  readonly clusterCidr: string;
  readonly hasNodePorts: boolean;
  /** externalIPs and load-balancer ingress IPs (IPv4, unique). */
  readonly externalIps: readonly string[];
  readonly externalLocal: boolean;
  readonly internalLocal: boolean;
  /** 0: no ClientIP affinity. */
  readonly affinityTimeoutSeconds: number;
}

function serviceContext(service: Service, clusterIp: string, options: RuleOptions): ServiceContext {
  const spec = service.spec ?? {};
  const balancerIps = (service.status?.loadBalancer?.ingress ?? []).map((ingress) => ingress.ip ?? '');
  const externalIps = [...new Set([...(spec.externalIps ?? []), ...balancerIps])].filter(
    (ip) => isIPv4(ip) && ip !== clusterIp,
  );
  const timeout = spec.sessionAffinityConfig?.clientIp?.timeoutSeconds ?? defaultAffinityTimeoutSeconds;
  const affinityTimeoutSeconds =
    spec.sessionAffinity === 'ClientIP'
      ? Number.isInteger(timeout) && timeout >= 1 && timeout <= affinityTimeoutMax
        ? timeout
        : defaultAffinityTimeoutSeconds
      : 0;
  return {
    clusterIp,
    clusterCidr: options.clusterCidr,
    hasNodePorts: spec.type === 'NodePort' || spec.type === 'LoadBalancer',
    externalIps: externalIps.sort(),
    externalLocal: spec.externalTrafficPolicy === 'Local',
    internalLocal: spec.internalTrafficPolicy === 'Local',
    affinityTimeoutSeconds,
  };
}

interface PortInput {
  readonly id: ServicePortId;
  readonly port: number;
  /** 0: none. */
  readonly nodePort: number;
  readonly endpoints: readonly ResolvedEndpoint[];
}

function addServicePort(builder: ModelBuilder, context: ServiceContext, input: PortInput): void {
  const { id, port, nodePort } = input;
  const clusterKey = `${context.clusterIp} . ${id.protocol} . ${port}`;
  const externalKeys = context.externalIps.map((ip) => `${ip} . ${id.protocol} . ${port}`);
  const nodePortKey = nodePort === 0 ? undefined : `${id.protocol} . ${nodePort}`;
  if (input.endpoints.length === 0) {
    // nothing can answer: refuse at once so clients fail fast instead of hanging
    builder.steer(clusterKey, externalKeys, nodePortKey, { verdict: rejectVerdict, noEndpoints: true });
    return;
  }
  const local = input.endpoints.filter((endpoint) => endpoint.local);
  const serviceChain = serviceChainName('service', id);
  const localChain = serviceChainName('local', id);
  addAffinitySets(builder, context, id, input.endpoints);
  const masqueradeClusterIp = `ip daddr ${context.clusterIp} ip saddr != ${context.clusterCidr} jump mark-for-masquerade`;
  builder.chain(serviceChain, [masqueradeClusterIp, ...balanceRules(context, id, input.endpoints)]);
  const needLocal = (context.internalLocal || context.externalLocal) && local.length > 0;
  if (needLocal) builder.chain(localChain, [masqueradeClusterIp, ...balanceRules(context, id, local)]);

  const internalTarget = context.internalLocal ? (needLocal ? localChain : undefined) : serviceChain;
  builder.steer(
    clusterKey,
    [],
    undefined,
    internalTarget === undefined
      ? { verdict: dropVerdict, noEndpoints: true }
      : { verdict: `goto ${internalTarget}`, noEndpoints: false },
  );

  if (externalKeys.length === 0 && nodePortKey === undefined) return;
  if (context.externalLocal && !needLocal) {
    builder.steer(undefined, externalKeys, nodePortKey, { verdict: dropVerdict, noEndpoints: true });
    return;
  }
  const externalChain = serviceChainName('external', id);
  builder.chain(
    externalChain,
    context.externalLocal
      ? [
          // pods and the node itself may use any endpoint (as kube-proxy does);
          // others keep their source address and reach only local endpoints
          `ip saddr ${context.clusterCidr} goto ${serviceChain}`,
          'fib saddr type local jump mark-for-masquerade',
          `fib saddr type local goto ${serviceChain}`,
          `goto ${localChain}`,
        ]
      : ['jump mark-for-masquerade', `goto ${serviceChain}`],
  );
  builder.steer(undefined, externalKeys, nodePortKey, { verdict: `goto ${externalChain}`, noEndpoints: false });
}

/**
 * Picks one endpoint per new connection without an anonymous vmap: rule i
 * matches with probability 1/(N-i), so each endpoint gets 1/N (the way
 * iptables' statistic match does it). Each endpoint has two rules split on
 * `ip saddr`, exactly one of which can match a given packet: the one for the
 * endpoint's own address also marks for masquerade, so a pod reaching itself
 * through its Service (hairpin) gets an answer it accepts.
 * Why not `numgen … vmap { 0 : goto endpoint-… }` with a chain per endpoint:
 * measured at 5,000 Services × 3 endpoints, the kernel names each anonymous
 * map by scanning all sets (a full sync took 6.4 s instead of 0.55 s), and nft
 * dumps every chain into its cache before each transaction (an incremental
 * change took 50–70 ms instead of 10–20 ms).
 */
function balanceRules(context: ServiceContext, id: ServicePortId, endpoints: readonly ResolvedEndpoint[]): string[] {
  const rules: string[] = [];
  const sets = endpoints.map((endpoint) =>
    context.affinityTimeoutSeconds > 0
      ? affinitySetName(id, endpoint.ip, endpoint.port, context.affinityTimeoutSeconds)
      : undefined,
  );
  endpoints.forEach((endpoint, index) => {
    const set = sets[index];
    if (set !== undefined) rules.push(...endpointRules(id, endpoint, `ip saddr @${set} `, set));
  });
  endpoints.forEach((endpoint, index) => {
    const remaining = endpoints.length - index;
    rules.push(
      ...endpointRules(id, endpoint, remaining > 1 ? `numgen random mod ${remaining} == 0 ` : '', sets[index]),
    );
  });
  return rules;
}

/** The two rules that send a packet matching `condition` to one endpoint. */
function endpointRules(
  id: ServicePortId,
  endpoint: ResolvedEndpoint,
  condition: string,
  affinitySet: string | undefined,
): string[] {
  const match = `meta l4proto ${id.protocol} ${condition}`;
  const remember = affinitySet === undefined ? '' : `update @${affinitySet} { ip saddr } `;
  const dnat = `${remember}dnat to ${endpoint.ip}:${endpoint.port}`;
  return [`ip saddr ${endpoint.ip} ${match}${markStatement} ${dnat}`, `ip saddr != ${endpoint.ip} ${match}${dnat}`];
}

const markStatement = `meta mark set meta mark or 0x${masqueradeMark.toString(16)}`;

function addAffinitySets(
  builder: ModelBuilder,
  context: ServiceContext,
  id: ServicePortId,
  endpoints: readonly ResolvedEndpoint[],
): void {
  if (context.affinityTimeoutSeconds === 0) return;
  for (const endpoint of endpoints) {
    builder.set(
      affinitySetName(id, endpoint.ip, endpoint.port, context.affinityTimeoutSeconds),
      context.affinityTimeoutSeconds,
    );
  }
}

class ModelBuilder {
  readonly warnings: string[] = [];
  private readonly chains = new Map<string, readonly string[]>();
  private readonly sets = new Map<string, number>();
  private readonly elements: MapElement[] = [];

  constructor(private readonly key: string) {}

  chain(name: string, rules: readonly string[]): void {
    this.chains.set(name, rules);
  }

  set(name: string, timeoutSeconds: number): void {
    this.sets.set(name, timeoutSeconds);
  }

  /** Adds the elements for one destination kind; no-endpoint verdicts go to the filter-side maps. */
  steer(
    clusterKey: string | undefined,
    externalKeys: readonly string[],
    nodePortKey: string | undefined,
    target: { verdict: string; noEndpoints: boolean },
  ): void {
    const ipMap: ProxyMapName = target.noEndpoints ? 'no-endpoint-services' : 'service-ips';
    const portMap: ProxyMapName = target.noEndpoints ? 'no-endpoint-nodeports' : 'service-nodeports';
    if (clusterKey !== undefined) this.elements.push({ map: ipMap, key: clusterKey, verdict: target.verdict });
    for (const key of externalKeys) this.elements.push({ map: ipMap, key, verdict: target.verdict });
    if (nodePortKey !== undefined) this.elements.push({ map: portMap, key: nodePortKey, verdict: target.verdict });
  }

  build(): ServiceModel {
    return { key: this.key, chains: this.chains, sets: this.sets, elements: this.elements, warnings: this.warnings };
  }
}
