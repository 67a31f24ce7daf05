/**
 * ClusterIPs and NodePorts, allocated by the state machine when a Service's
 * write applies, as Kubernetes' API server allocates them in its registry.
 *
 * Why here and not on the leader before proposing: two creates in flight at
 * once would both pick the same free address, and the second would fail a
 * request that never asked for an address. Applied in log order the choice is
 * serial by construction, and it is still deterministic: the ranges travel in
 * the command (the master's configuration, chosen before proposing), and the
 * starting point of the search is a hash of the Service's uid, which the
 * leader chose and which travels in the object. Every replica therefore makes
 * the same choice from the same state.
 *
 * As in Kubernetes (KEP-3070 and KEP-3668), each range keeps a low "static"
 * band that dynamic allocation uses only when the rest is full, so users who
 * pick an address themselves (kube-dns at 10.96.0.10) rarely collide with one
 * chosen for someone else. Allocations live in their own table, owned by the
 * Service's namespace/name, so a delete releases them in the same transaction.
 */
import type { NetworkRanges } from './commands.js';
import { isJsonObject, type JsonObject, type JsonValue } from './json.js';
import { StateError, assert } from './state-error.js';
import type { StateTables } from './state-tables.js';

export type AllocationPool = 'service-ip' | 'node-port';

export const defaultNetworkRanges: NetworkRanges = Object.freeze({
  serviceCidr: '10.96.0.0/12',
  nodePortRange: '30000-32767',
});

interface Range {
  /** The first usable value (as a number: an IPv4 address or a port). */
  readonly first: number;
  /** How many usable values. */
  readonly size: number;
  /** Values [first, first + staticSize) are tried last by dynamic allocation. */
  readonly staticSize: number;
  readonly describe: string;
}

export function parseIpv4(text: string): number | undefined {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (match === null) return undefined;
  const octets = match.slice(1, 5).map(Number);
  if (octets.some((octet) => octet > 255)) return undefined;
  return octets.reduce((value, octet) => value * 256 + octet, 0);
}

export function formatIpv4(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
}

/** The usable addresses of a service CIDR: the network and broadcast addresses are never handed out. */
export function serviceIpRange(cidr: string): Range {
  const [address = '', prefixText = ''] = cidr.split('/');
  const base = parseIpv4(address);
  const prefix = Number(prefixText);
  if (base === undefined || !Number.isInteger(prefix) || prefix < 8 || prefix > 30 || base % 2 ** (32 - prefix) !== 0) {
    throw new StateError('invalid', `service CIDR "${cidr}" must be an IPv4 network with a prefix from /8 to /30`);
  }
  const size = 2 ** (32 - prefix) - 2;
  return { first: base + 1, size, staticSize: Math.min(Math.max(16, Math.floor(size / 16)), 256), describe: cidr };
}

export function nodePortRange(text: string): Range {
  const match = /^(\d{1,5})-(\d{1,5})$/.exec(text);
  const low = Number(match?.[1] ?? NaN);
  const high = Number(match?.[2] ?? NaN);
  if (match === null || low < 1 || high > 65535 || low > high)
    throw new StateError('invalid', `node port range "${text}" must be LOW-HIGH within 1-65535`);
  const size = high - low + 1;
  return { first: low, size, staticSize: Math.min(Math.max(16, Math.floor(size / 32)), 128), describe: text };
}

/** FNV-1a over the uid: where the search for a free value starts. */
function hashOf(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

interface Owner {
  readonly namespace: string;
  readonly name: string;
  readonly uid: string;
}

/**
 * The first free value, searching from a point in the dynamic band derived
 * from the owner's uid, through the dynamic band and then the static band.
 */
function allocateFree(
  tables: StateTables,
  pool: AllocationPool,
  range: Range,
  owner: Owner,
  salt: string,
): number | undefined {
  const dynamicSize = range.size - range.staticSize;
  const start = dynamicSize > 0 ? range.staticSize + (hashOf(`${owner.uid}/${salt}`) % dynamicSize) : 0;
  for (let step = 0; step < range.size; step += 1) {
    const offset =
      step < dynamicSize ? range.staticSize + ((start - range.staticSize + step) % dynamicSize) : step - dynamicSize;
    const value = range.first + offset;
    if (tables.allocationOwner(pool, value) === undefined) return value;
  }
  return undefined;
}

type ServicePort = JsonObject & { port?: JsonValue; protocol?: JsonValue; nodePort?: JsonValue; name?: JsonValue };

function specOf(object: JsonObject): JsonObject {
  const spec = object['spec'];
  return isJsonObject(spec) ? spec : {};
}

function portsOf(spec: JsonObject): ServicePort[] {
  const ports = spec['ports'];
  return Array.isArray(ports) ? ports.filter(isJsonObject) : [];
}

function stringField(object: JsonObject, field: string): string {
  const value = object[field];
  return typeof value === 'string' ? value : '';
}

function numberField(object: JsonObject, field: string): number {
  const value = object[field];
  return typeof value === 'number' ? value : 0;
}

function serviceType(spec: JsonObject): string {
  return stringField(spec, 'type') || 'ClusterIP';
}

function needsClusterIp(spec: JsonObject): boolean {
  return serviceType(spec) !== 'ExternalName' && stringField(spec, 'clusterIp') !== 'None';
}

function needsNodePorts(spec: JsonObject): boolean {
  const type = serviceType(spec);
  return type === 'NodePort' || (type === 'LoadBalancer' && spec['allocateLoadBalancerNodePorts'] !== false);
}

function invalid(field: string, value: string | number, reason: string): StateError {
  return new StateError(
    'invalid',
    `${field}: invalid value ${typeof value === 'string' ? `"${value}"` : String(value)}: ${reason}`,
  );
}

/**
 * Kubernetes' patchAllocatedValues: an update that leaves out what was
 * allocated (a manifest re-applied without spec.clusterIP or nodePort) keeps it.
 */
function carriedOver(stored: JsonObject | null, spec: JsonObject): JsonObject {
  if (stored === null) return spec;
  const before = specOf(stored);
  const result: JsonObject = { ...spec };
  if (needsClusterIp(before) && needsClusterIp(spec) && stringField(spec, 'clusterIp') === '') {
    result['clusterIp'] = before['clusterIp'] ?? '';
    if (before['clusterIps'] !== undefined) result['clusterIps'] = before['clusterIps'];
  }
  if (needsNodePorts(before) && needsNodePorts(spec)) {
    const previous = portsOf(before);
    result['ports'] = portsOf(spec).map((port) => {
      if (numberField(port, 'nodePort') !== 0) return port;
      const match = previous.find(
        (old) =>
          numberField(old, 'port') === numberField(port, 'port') &&
          (stringField(old, 'protocol') || 'TCP') === (stringField(port, 'protocol') || 'TCP'),
      );
      return match === undefined || numberField(match, 'nodePort') === 0
        ? port
        : { ...port, nodePort: numberField(match, 'nodePort') };
    });
  }
  return result;
}

function checkImmutableClusterIp(stored: JsonObject | null, spec: JsonObject): void {
  if (stored === null) return;
  const before = specOf(stored);
  if (!needsClusterIp(before) || !needsClusterIp(spec)) return;
  const old = stringField(before, 'clusterIp');
  const now = stringField(spec, 'clusterIp');
  if (old !== '' && now !== old) throw invalid('spec.clusterIP', now, 'field is immutable');
}

function claim(
  tables: StateTables,
  pool: AllocationPool,
  value: number,
  owner: Owner,
  field: string,
  shown: string | number,
): void {
  const holder = tables.allocationOwner(pool, value);
  if (holder !== undefined && (holder.namespace !== owner.namespace || holder.name !== owner.name)) {
    throw invalid(
      field,
      shown,
      pool === 'service-ip' ? 'provided IP is already allocated' : 'provided port is already allocated',
    );
  }
  tables.allocate(pool, value, owner.namespace, owner.name);
}

function assignClusterIp(tables: StateTables, spec: JsonObject, range: Range, owner: Owner): JsonObject {
  if (!needsClusterIp(spec)) {
    if (serviceType(spec) === 'ExternalName' && !['', 'None'].includes(stringField(spec, 'clusterIp'))) {
      throw invalid('spec.clusterIP', stringField(spec, 'clusterIp'), 'may not be set for ExternalName services');
    }
    return serviceType(spec) === 'ExternalName' ? withoutField(spec, 'clusterIps') : { ...spec, clusterIps: ['None'] };
  }
  const given = stringField(spec, 'clusterIp');
  let value: number;
  if (given === '') {
    const free = allocateFree(tables, 'service-ip', range, owner, 'cluster-ip');
    if (free === undefined)
      throw new StateError(
        'resource-exhausted',
        `spec.clusterIP: failed to allocate a service IP: the range ${range.describe} is full`,
      );
    value = free;
  } else {
    const parsed = parseIpv4(given);
    if (parsed === undefined) throw invalid('spec.clusterIP', given, 'must be "None" or an IPv4 address');
    if (parsed < range.first || parsed >= range.first + range.size) {
      throw invalid(
        'spec.clusterIP',
        given,
        `provided IP is not in the valid range. The range of valid IPs is ${range.describe}`,
      );
    }
    value = parsed;
  }
  claim(tables, 'service-ip', value, owner, 'spec.clusterIP', given);
  const address = formatIpv4(value);
  return {
    ...spec,
    clusterIp: address,
    clusterIps: [address],
    ipFamilies: ['IPv4'],
    ipFamilyPolicy: stringField(spec, 'ipFamilyPolicy') || 'SingleStack',
  };
}

function withoutField(object: JsonObject, field: string): JsonObject {
  const copy = { ...object };
  delete copy[field];
  return copy;
}

function assignNodePorts(tables: StateTables, spec: JsonObject, range: Range, owner: Owner): JsonObject {
  const ports = portsOf(spec);
  if (!needsNodePorts(spec)) {
    ports.forEach((port, index) => {
      if (numberField(port, 'nodePort') !== 0 && serviceType(spec) !== 'LoadBalancer') {
        throw invalid(
          `spec.ports[${index}].nodePort`,
          numberField(port, 'nodePort'),
          `may not be used when \`type\` is '${serviceType(spec)}'`,
        );
      }
    });
    return spec;
  }
  const seen = new Set<number>();
  const assigned = ports.map((port, index) => {
    const field = `spec.ports[${index}].nodePort`;
    let value = numberField(port, 'nodePort');
    if (value === 0) {
      const free = allocateFree(tables, 'node-port', range, owner, `${index}`);
      if (free === undefined)
        throw new StateError(
          'resource-exhausted',
          `${field}: failed to allocate a node port: the range ${range.describe} is full`,
        );
      value = free;
    } else if (value < range.first || value >= range.first + range.size) {
      throw invalid(
        field,
        value,
        `provided port is not in the valid range. The range of valid ports is ${range.describe}`,
      );
    }
    if (seen.has(value)) throw new StateError('invalid', `${field}: duplicate value ${value}`);
    seen.add(value);
    claim(tables, 'node-port', value, owner, field, value);
    return { ...port, nodePort: value };
  });
  return { ...spec, ports: assigned };
}

/**
 * The Service as it will be stored, with its ClusterIP and NodePorts, and the
 * allocation table holding exactly what it uses: whatever it held before and
 * no longer uses is released.
 */
export function allocateServiceValues(
  tables: StateTables,
  given: JsonObject,
  stored: JsonObject | null,
  ranges: NetworkRanges,
): JsonObject {
  const metadata = given['metadata'];
  assert(isJsonObject(metadata), 'a validated object has metadata');
  const owner: Owner = {
    namespace: typeof metadata['namespace'] === 'string' ? metadata['namespace'] : '',
    name: String(metadata['name']),
    uid: typeof metadata['uid'] === 'string' ? metadata['uid'] : String(metadata['name']),
  };
  const spec = carriedOver(stored, specOf(given));
  checkImmutableClusterIp(stored, spec);
  tables.releaseAllocations(owner.namespace, owner.name);
  const withIp = assignClusterIp(tables, spec, serviceIpRange(ranges.serviceCidr), owner);
  const withPorts = assignNodePorts(tables, withIp, nodePortRange(ranges.nodePortRange), owner);
  return { ...given, spec: withPorts };
}

/** Rebuilds the allocation table from the stored Services (a database from before the table existed). */
export function backfillAllocations(tables: StateTables, services: Iterable<JsonObject>): void {
  for (const service of services) {
    const metadata = service['metadata'];
    if (!isJsonObject(metadata)) continue;
    const namespace = typeof metadata['namespace'] === 'string' ? metadata['namespace'] : '';
    const name = String(metadata['name']);
    const spec = specOf(service);
    const address = parseIpv4(stringField(spec, 'clusterIp'));
    if (address !== undefined && tables.allocationOwner('service-ip', address) === undefined)
      tables.allocate('service-ip', address, namespace, name);
    for (const port of portsOf(spec)) {
      const nodePort = numberField(port, 'nodePort');
      if (nodePort !== 0 && tables.allocationOwner('node-port', nodePort) === undefined)
        tables.allocate('node-port', nodePort, namespace, name);
    }
  }
}
