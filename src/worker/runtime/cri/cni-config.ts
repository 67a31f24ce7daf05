/**
 * The CNI network the `cri` runtime's containerd gives pods, written from the
 * pod CIDR the masters handed this Node (spec.podCIDR), as the kubelet's
 * network plugin or flannel's host-gw backend does. containerd's CRI plugin
 * watches its CNI conf folder and picks a changed file up for the next
 * sandbox. An existing conflist keeps its bridge and network name, so a
 * folder set up by hand (or by the test environment) keeps working; only the
 * bridge's IPAM range and gateway change.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { WorkerError, WorkerErrorCode } from '../../worker-error.js';

export interface CniConfigOptions {
  /** containerd's `plugins."io.containerd.grpc.v1.cri".cni.conf_dir`. */
  readonly confDir: string;
  /** Used when the folder holds no conflist yet. */
  readonly bridge: string;
  readonly networkName: string;
}

export const cniDefaults = { bridge: 'orca0', networkName: 'orca' } as const;

type Json = Record<string, unknown>;

function asObject(value: unknown): Json | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
}

/** The network address and the first host (the bridge's gateway) of an IPv4 CIDR. */
function gatewayOf(cidr: string): string {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr);
  if (match === null || Number(match[5]) > 30)
    throw new WorkerError(WorkerErrorCode.config, `pod CIDR "${cidr}" is not an IPv4 CIDR of /30 or wider`);
  const value =
    match
      .slice(1, 5)
      .map(Number)
      .reduce((sum, octet) => sum * 256 + octet, 0) + 1;
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
}

/** A bridge + host-local + portmap conflist on `cidr` (hairpin on: a pod may reach itself through its Service). */
export function bridgeConflist(cidr: string, bridge: string, networkName: string, ipamDataDir: string): Json {
  return {
    cniVersion: '0.4.0',
    name: networkName,
    plugins: [
      {
        type: 'bridge',
        bridge,
        isGateway: true,
        ipMasq: false,
        hairpinMode: true,
        ipam: {
          type: 'host-local',
          ranges: [[{ subnet: cidr, gateway: gatewayOf(cidr) }]],
          routes: [{ dst: '0.0.0.0/0' }],
          dataDir: ipamDataDir,
        },
      },
      { type: 'portmap', capabilities: { portMappings: true } },
    ],
  };
}

/** The given conflist with its bridge plugin's range moved to `cidr`; undefined when it has no bridge plugin. */
export function withPodCidr(conflist: Json, cidr: string): Json | undefined {
  const plugins = Array.isArray(conflist['plugins']) ? (conflist['plugins'] as unknown[]) : [];
  let found = false;
  const changed = plugins.map((plugin) => {
    const entry = asObject(plugin);
    if (entry === undefined || entry['type'] !== 'bridge') return plugin;
    found = true;
    const ipam = asObject(entry['ipam']) ?? { type: 'host-local' };
    const { subnet: _subnet, rangeStart: _start, rangeEnd: _end, gateway: _gateway, ...rest } = ipam;
    return { ...entry, hairpinMode: true, ipam: { ...rest, ranges: [[{ subnet: cidr, gateway: gatewayOf(cidr) }]] } };
  });
  return found ? { ...conflist, plugins: changed } : undefined;
}

/** Writes (atomically) the conflist for `cidr` into the folder; answers the file written. */
export function writeCniConfig(options: CniConfigOptions, cidr: string): string {
  mkdirSync(options.confDir, { recursive: true });
  const existing = readdirSync(options.confDir)
    .filter((file) => file.endsWith('.conflist'))
    .sort()[0];
  const file = join(options.confDir, existing ?? `10-${options.networkName}.conflist`);
  let conflist: Json | undefined;
  if (existing !== undefined && existsSync(file)) {
    try {
      conflist = withPodCidr(JSON.parse(readFileSync(file, 'utf8')) as Json, cidr);
    } catch (error: unknown) {
      throw new WorkerError(
        WorkerErrorCode.config,
        `CNI config ${file} is not JSON: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
  conflist ??= bridgeConflist(cidr, options.bridge, options.networkName, join(options.confDir, '..', 'ipam'));
  const temporary = `${file}.tmp`;
  writeFileSync(temporary, JSON.stringify(conflist, null, 2) + '\n');
  renameSync(temporary, file);
  return file;
}
