/**
 * What a chaos scenario needs from a cluster of masters, whatever hosts them
 * (network namespaces as root, loopback ports otherwise).
 */
import type { TlsIdentity } from '../../src/client/index.js';
import type { OrcaClient } from '../../src/client/index.js';

export interface ChaosMaster {
  readonly name: string;
  /** host:port of its gRPC API (and Raft). */
  readonly address: string;
  /** Running (possibly paused). */
  readonly running: boolean;
  readonly paused: boolean;
}

export interface ChaosCluster {
  /** Kept for the summary: 'netns' or 'loopback'. */
  readonly hosting: 'netns' | 'loopback';
  /** Whether partitions can be made (network namespaces). */
  readonly networkFaults: boolean;
  /** The current members, in join order (removed ones are gone from the list). */
  masters(): ChaosMaster[];
  /** The client option that connects as the cluster's admin (nothing for a plaintext cluster). */
  tlsOption(): { tls?: TlsIdentity };
  /** Bumped on every membership change, so clients can be rebuilt with the new addresses. */
  readonly generation: number;
  /** The master the freshest view (highest term) names leader, among those that answer; undefined while none does. */
  leader(timeoutMs?: number): Promise<string | undefined>;
  kill(name: string): Promise<void>;
  /** SIGTERM: a clean stop. */
  terminate(name: string): Promise<void>;
  restart(name: string): Promise<void>;
  pause(name: string): Promise<void>;
  resume(name: string): Promise<void>;
  /** Drop all traffic between the groups (clients on the host still reach every master). */
  partition(groups: readonly (readonly string[])[]): Promise<void>;
  /** Drop what `to` receives from `from` (one way). */
  dropOneWay(from: string, to: string): Promise<void>;
  /** Remove every network rule. */
  heal(): Promise<void>;
  /** Remove a member from the cluster and stop its process. */
  remove(name: string): Promise<void>;
  /** Start a new master that joins; resolves when it is a voter. */
  join(name: string): Promise<void>;
  /** A client pinned to one master (watches, convergence probes). */
  clientFor(name: string): OrcaClient;
  /** Processes' output, for a failure message. */
  outputs(): string;
  /** Data and logs live here. */
  readonly root: string;
  stop(): Promise<void>;
}
