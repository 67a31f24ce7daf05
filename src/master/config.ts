/**
 * The master's options: one default and one validator (STYLE.md rule 4), run at
 * every entry point (startMaster, runMasterCommand).
 */
import type { Logger } from '../log/index.js';
import type { RaftConfig } from '../raft/index.js';
import { defaultNetworkRanges, nodePortRange, serviceIpRange, type WatchLimits } from '../state/index.js';
import { validateLeaderLoopsOptions, type LeaderLoopsOptions } from './leader-loops.js';
import { MasterError } from './master-error.js';
import type { HttpExtensionFactory } from './http-extension.js';

export interface MasterOptions {
  /** This master's name, unique in the cluster (its Raft server id). */
  readonly name: string;
  /** Folder for raft.db, state.db, snapshots/ and the secret key file. */
  readonly dataDir: string;
  /** host:port for the gRPC API and Raft traffic; port 0 picks a free port (tests). */
  readonly listen: string;
  /** host:port for /healthz, /readyz and /metrics; none when absent. */
  readonly http?: string;
  /** Start a brand-new cluster with this master as its only voter (ignored once the data dir holds a log). */
  readonly bootstrap: boolean;
  /** Join the cluster a master at this address belongs to (ignored once the data dir holds a log). */
  readonly join?: string;
  /** With bootstrap: a snapshot file saved by ClusterService.SaveSnapshot to start the new cluster from. */
  readonly restore?: string;
  /** Raft timing and sizes; tests shorten the timeouts. */
  readonly raft: Partial<RaftConfig>;
  /** How long a write waits for its entry to commit and apply. */
  readonly proposalTimeoutMs: number;
  /** Deadline of a write or read-index call forwarded to the leader. */
  readonly forwardTimeoutMs: number;
  /** How long a request waits for some leader to be known before answering UNAVAILABLE. */
  readonly leaderWaitMs: number;
  /** How long a linearizable read may take (read index plus catching up). */
  readonly readTimeoutMs: number;
  /** How long a joining master keeps asking the cluster to add it. */
  readonly joinTimeoutMs: number;
  /** How often a watch that asked for bookmarks gets one while idle. */
  readonly bookmarkIntervalMs: number;
  /** Change-log window kept for watches and paginated lists (entries' changes). */
  readonly changeLogCountMax: number;
  readonly watchLimits?: Partial<WatchLimits>;
  /** Largest gRPC message accepted or sent (an object is at most 1.5 MiB; snapshots stream in chunks). */
  readonly grpcMessageBytesMax: number;
  /** Export Node process metrics too (off in tests that run many masters in one process). */
  readonly processMetrics: boolean;
  /** The scheduler and controllers this master runs while it leads, and the node grace periods. */
  readonly leaderLoops?: Partial<LeaderLoopsOptions>;
  /** The range pod CIDRs (/24 each) are handed out from to Nodes created without one; default 10.244.0.0/16. */
  readonly clusterCidr?: string;
  /**
   * The range Services' ClusterIPs come from (kube-apiserver's
   * --service-cluster-ip-range); default 10.96.0.0/12. Every master of a
   * cluster should be given the same, but the state never depends on it: each
   * command that writes a Service carries the range its leader used.
   */
  readonly serviceCidr: string;
  /** The range NodePorts come from (--service-node-port-range); default 30000-32767. */
  readonly nodePortRange: string;
  /** Where the master logs; a pino child of the root logger when absent. */
  readonly logger?: Logger;
  /** Adapters served on the HTTP port beside the probes (the Kubernetes REST API, the dashboard): cmd/orca.ts builds them. */
  readonly httpExtensions?: readonly HttpExtensionFactory[];
  /**
   * TLS on every connection, authentication, RBAC and audit (src/auth). Absent:
   * none of it, every caller a superuser — for in-process tests and `--insecure`.
   */
  readonly security?: MasterSecurityConfig;
}

export interface MasterSecurityConfig {
  /** With `join`: the master join token (`orca token create --role master`). */
  readonly joinToken?: string;
  /** More host:port or host names this master is reached at, for its certificate. */
  readonly advertise?: readonly string[];
  /** Life of the certificates this master issues and holds (default one year); they renew at 2/3 of it. */
  readonly certificateValidMs?: number;
  /** kube-apiserver's --token-auth-file: static bearer tokens of users. */
  readonly tokenAuthFile?: string;
  /** The audit log (JSON lines, rotated by size); none when absent. */
  readonly auditLogFile?: string;
  /** An audit.k8s.io/v1 Policy file; the default policy when absent. */
  readonly auditPolicyFile?: string;
}

export type MasterOptionsInput = Partial<MasterOptions> & Pick<MasterOptions, 'name' | 'dataDir' | 'listen'>;

export function defaultMasterOptions(): Omit<MasterOptions, 'name' | 'dataDir' | 'listen'> {
  return {
    bootstrap: false,
    raft: {},
    proposalTimeoutMs: 3000,
    forwardTimeoutMs: 4000,
    leaderWaitMs: 1500,
    readTimeoutMs: 3000,
    joinTimeoutMs: 30_000,
    bookmarkIntervalMs: 5000,
    changeLogCountMax: 100_000,
    grpcMessageBytesMax: 16 * 1024 * 1024,
    processMetrics: true,
    serviceCidr: defaultNetworkRanges.serviceCidr,
    nodePortRange: defaultNetworkRanges.nodePortRange,
  };
}

const dnsLabel = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const hostPort = /^(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/;

function fail(message: string): never {
  throw new MasterError('invalid-config', `master option ${message}`);
}

export function isHostPort(text: string, allowPortZero: boolean): boolean {
  const match = hostPort.exec(text);
  if (match === null) return false;
  const port = Number(match[2]);
  return port <= 65_535 && (allowPortZero || port > 0);
}

/** Merge with the defaults and check every rule; throws MasterError('invalid-config') naming the field. */
export function validateMasterOptions(input: MasterOptionsInput): MasterOptions {
  const options: MasterOptions = { ...defaultMasterOptions(), ...input };
  if (!dnsLabel.test(options.name))
    fail(`name: "${options.name}" must be a DNS label (lower-case letters, digits and '-', at most 63)`);
  if (options.dataDir === '') fail('dataDir: required');
  if (!isHostPort(options.listen, true)) fail(`listen: "${options.listen}" must be host:port`);
  if (options.http !== undefined && !isHostPort(options.http, true)) fail(`http: "${options.http}" must be host:port`);
  if (options.bootstrap && options.join !== undefined) fail('join: cannot be combined with bootstrap');
  if (options.join !== undefined && !isHostPort(options.join, false)) fail(`join: "${options.join}" must be host:port`);
  const validMs = options.security?.certificateValidMs;
  if (validMs !== undefined && !(Number.isSafeInteger(validMs) && validMs >= 10_000))
    fail(`certificateValidMs: must be at least 10000, got ${String(validMs)}`);
  if (options.restore !== undefined && !options.bootstrap)
    fail('restore: needs bootstrap (a restore starts a brand-new cluster)');
  const positive: (keyof MasterOptions)[] = [
    'proposalTimeoutMs',
    'forwardTimeoutMs',
    'leaderWaitMs',
    'readTimeoutMs',
    'joinTimeoutMs',
    'bookmarkIntervalMs',
    'changeLogCountMax',
    'grpcMessageBytesMax',
  ];
  for (const field of positive) {
    const value = options[field];
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0)
      fail(`${field}: must be a positive integer, got ${String(value)}`);
  }
  validateLeaderLoopsOptions(options.leaderLoops);
  try {
    serviceIpRange(options.serviceCidr);
    nodePortRange(options.nodePortRange);
  } catch (error: unknown) {
    fail(
      error instanceof Error
        ? error.message.startsWith('service')
          ? `serviceCidr: ${error.message}`
          : `nodePortRange: ${error.message}`
        : String(error),
    );
  }
  if (options.grpcMessageBytesMax < 4 * 1024 * 1024)
    fail('grpcMessageBytesMax: must be at least 4 MiB (objects are up to 1.5 MiB)');
  return options;
}
