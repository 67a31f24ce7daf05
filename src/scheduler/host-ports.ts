/**
 * Host ports a pod claims on its node and Kubernetes' conflict rule: two claims
 * of one protocol and port collide when their host IPs are equal or either is
 * the wildcard (0.0.0.0, also written as an empty hostIP).
 */
import type { Pod } from '../api/index.js';

export interface HostPort {
  /** `TCP/8080`: the index key of a claim. */
  readonly protocolPort: string;
  readonly hostIp: string;
}

/** Claims per `protocol/port`, each with the host IPs that hold it. */
export type HostPortTable = ReadonlyMap<string, readonly string[]>;

export const wildcardIp = '0.0.0.0';

export function podHostPorts(pod: Pod): readonly HostPort[] {
  const hostNetwork = pod.spec?.hostNetwork === true;
  const ports: HostPort[] = [];
  for (const container of [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])]) {
    for (const port of container.ports ?? []) {
      // With host networking every container port is a host port.
      const hostPort =
        port.hostPort !== undefined && port.hostPort !== 0
          ? port.hostPort
          : hostNetwork
            ? (port.containerPort ?? 0)
            : 0;
      if (hostPort === 0) continue;
      const hostIp = port.hostIp === undefined || port.hostIp === '' ? wildcardIp : port.hostIp;
      ports.push({
        protocolPort: `${port.protocol === undefined || port.protocol === '' ? 'TCP' : port.protocol}/${hostPort}`,
        hostIp,
      });
    }
  }
  return ports;
}

function collides(held: readonly string[] | undefined, hostIp: string): boolean {
  if (held === undefined || held.length === 0) return false;
  if (hostIp === wildcardIp) return true;
  return held.includes(hostIp) || held.includes(wildcardIp);
}

/** True when any wanted claim collides with a claim in any of the tables. */
export function hostPortsConflict(
  wanted: readonly HostPort[],
  tables: readonly (HostPortTable | undefined)[],
): boolean {
  for (const port of wanted) {
    for (const table of tables) {
      if (table !== undefined && collides(table.get(port.protocolPort), port.hostIp)) return true;
    }
  }
  return false;
}

/** A new table with the claims added (the input is not changed). */
export function withHostPorts(table: HostPortTable | undefined, added: readonly HostPort[]): HostPortTable {
  const next = new Map(table ?? []);
  for (const port of added) next.set(port.protocolPort, [...(next.get(port.protocolPort) ?? []), port.hostIp]);
  return next;
}
