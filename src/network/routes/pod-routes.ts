/**
 * Routes to the other workers' pod CIDRs, as flannel's host-gw backend lays
 * them: `POD_CIDR via NODE_INTERNAL_IP`, one per other Node, so pods reach
 * pods on any worker by IP with no encapsulation (the workers share a link).
 * The desired set is a pure function of the Nodes; the routes are tagged with
 * a protocol number of their own, so a restart finds and reconciles exactly
 * the ones it owns and never touches anyone else's.
 */
import { execFile } from 'node:child_process';
import type { Node } from '../../api/index.js';
import { NetworkError } from '../network-error.js';

/** `proto 79` in `ip route`: marks the routes this component owns. */
export const podRouteProtocol = 79;

export interface PodRoute {
  readonly cidr: string;
  readonly via: string;
}

function internalIp(node: Node): string {
  return node.status?.addresses?.find((address) => address.type === 'InternalIP')?.address ?? '';
}

/** The routes this node needs: every other Node with a pod CIDR and an InternalIP, sorted by CIDR. */
export function desiredPodRoutes(nodes: Iterable<Node>, self: string): PodRoute[] {
  const routes: PodRoute[] = [];
  for (const node of nodes) {
    if ((node.metadata?.name ?? '') === self) continue;
    const cidr = node.spec?.podCidr ?? '';
    const via = internalIp(node);
    if (cidr === '' || via === '' || via.startsWith('127.')) continue;
    routes.push({ cidr, via });
  }
  return routes.sort((left, right) => (left.cidr < right.cidr ? -1 : left.cidr > right.cidr ? 1 : 0));
}

/** What to change: routes to add or move, and CIDRs whose route goes. */
export function diffPodRoutes(
  current: readonly PodRoute[],
  desired: readonly PodRoute[],
): { replace: PodRoute[]; remove: string[] } {
  const now = new Map(current.map((route) => [route.cidr, route.via]));
  const wanted = new Set(desired.map((route) => route.cidr));
  return {
    replace: desired.filter((route) => now.get(route.cidr) !== route.via),
    remove: current.filter((route) => !wanted.has(route.cidr)).map((route) => route.cidr),
  };
}

/** The routing table as far as this component is concerned. */
export interface RouteTable {
  list(): Promise<PodRoute[]>;
  replace(route: PodRoute): Promise<void>;
  remove(cidr: string): Promise<void>;
}

function run(args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('ip', [...args], { timeout: 5_000, maxBuffer: 4 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error === null) resolve(stdout);
      else reject(new NetworkError('command-failed', `ip ${args.join(' ')}: ${stderr.trim() || error.message}`));
    });
  });
}

/** The kernel's main table through `ip route`, in this process's network namespace (or the named one, for tests). */
export class KernelRouteTable implements RouteTable {
  private readonly prefix: readonly string[];

  constructor(netns?: string) {
    this.prefix = netns === undefined ? [] : ['-n', netns];
  }

  async list(): Promise<PodRoute[]> {
    const parsed = JSON.parse(
      (await run([...this.prefix, '-j', 'route', 'show', 'proto', String(podRouteProtocol)])) || '[]',
    ) as { dst?: string; gateway?: string }[];
    return parsed
      .filter((row) => typeof row.dst === 'string' && typeof row.gateway === 'string')
      .map((row) => ({ cidr: row.dst ?? '', via: row.gateway ?? '' }));
  }

  async replace(route: PodRoute): Promise<void> {
    await run([...this.prefix, 'route', 'replace', route.cidr, 'via', route.via, 'proto', String(podRouteProtocol)]);
  }

  async remove(cidr: string): Promise<void> {
    await run([...this.prefix, 'route', 'del', cidr, 'proto', String(podRouteProtocol)]);
  }
}

/** Brings the table to the desired routes; answers what it changed. A failed route is reported and retried on the next call. */
export async function syncPodRoutes(
  table: RouteTable,
  desired: readonly PodRoute[],
): Promise<{ replaced: number; removed: number; failures: string[] }> {
  const { replace, remove } = diffPodRoutes(await table.list(), desired);
  const failures: string[] = [];
  for (const route of replace) await table.replace(route).catch((error: unknown) => failures.push(String(error)));
  for (const cidr of remove) await table.remove(cidr).catch((error: unknown) => failures.push(String(error)));
  return { replaced: replace.length, removed: remove.length, failures };
}
