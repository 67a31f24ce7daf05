/**
 * One Orca master: a Raft replica (raft.db), the replicated state (state.db),
 * and one gRPC server on `listen` carrying the Raft transport, ObjectService,
 * ClusterService, VersionService, grpc.health.v1 and reflection; optionally the
 * HTTP port. Data directory: raft.db, state.db, snapshots/, secret.key.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Server, ServerCredentials, status } from '@grpc/grpc-js';
import { kindInfo, resolveResourceName } from '../api/index.js';
import { createLogger, type Logger } from '../log/index.js';
import {
  FileSnapshotStore,
  GrpcTransport,
  RaftNode,
  SqliteRaftStore,
  type PeerCall,
  type RaftLogger,
} from '../raft/index.js';
import { defaultWatchLimits, formatIpv4, serviceIpRange, StateMachine, type WatchLimits } from '../state/index.js';
import { apiVersion, orcaVersion } from '../version.js';
import { clusterServiceHandlers } from './cluster-service.js';
import { validateMasterOptions, type MasterOptions, type MasterOptionsInput } from './config.js';
import { addHealthAndReflection, type HealthHandle } from './grpc-health.js';
import { raftReadiness, startHttpServer } from './http-server.js';
import { joinCluster } from './join.js';
import { joinByToken } from './join-by-token.js';
import { MasterSecurity } from './cluster-security.js';
import { certificateUser, mastersGroup } from './authentication.js';
import { LeaderClient } from './leader-client.js';
import { registerLeaderLoops, validateLeaderLoopsOptions } from './leader-loops.js';
import { LeaderTasks, type LeaderTaskContext } from './leader-tasks.js';
import { MasterError } from './master-error.js';
import { MasterMetrics } from './metrics.js';
import { ObjectCore } from './object-core.js';
import { securityDefaults, securityParts } from './security-parts.js';
import { leaderRoutedCore, objectServiceHandlers, type ActiveWatches } from './object-service.js';
import { eventsPerMessage } from './watch-stream.js';
import { ObjectWriter } from './object-writer.js';
import { PeerClients } from './peer-clients.js';
import { defaultClusterCidr, parseClusterCidr, PodCidrAllocator } from './pod-cidr.js';
import { podServiceHandlers, podStreams, WorkerStubs } from './pod-proxy.js';
import { httpAuthenticate, type HttpBackend } from './http-extension.js';
import { ReadBarrier } from './read-barrier.js';
import { prepareRestore } from './restore.js';
import { SecretCipher, secretKeyFileName } from './secret-cipher.js';
import { servicesWire, versionWire } from './wire.js';

export interface Master {
  readonly name: string;
  /** host:port of the gRPC API and Raft (the real port when listen asked for 0). */
  readonly address: string;
  /** host:port of the HTTP port, when one was asked for. */
  readonly httpAddress: string | null;
  readonly node: RaftNode;
  readonly state: StateMachine;
  readonly writer: ObjectWriter;
  /** The one write path every adapter calls (object-core.ts). */
  readonly core: ObjectCore;
  readonly leaderTasks: LeaderTasks;
  readonly metrics: MasterMetrics;
  /** This master's TLS material and CA (absent without security). */
  readonly security: MasterSecurity | undefined;
  /** The in-process client a leader task sees the cluster through (fenced by the task's term). */
  leaderClient(context: Pick<LeaderTaskContext, 'term' | 'signal'>): LeaderClient;
  /** Stop serving, end watches and leader tasks, shut Raft down, close the databases. Idempotent. */
  close(): Promise<void>;
}

const servedServices = [
  'orca.v1.ObjectService',
  'orca.v1.ClusterService',
  'orca.v1.PodService',
  'orca.v1.VersionService',
];
const shutdownGraceMs = 500;

/** The kube-dns Service's address: the tenth of the service range, as kubeadm chooses it (10.96.0.10). */
export function dnsServiceIp(serviceCidr: string): string {
  return formatIpv4(serviceIpRange(serviceCidr).first + 9);
}

function bindServer(server: Server, listen: string, serverCredentials: ServerCredentials): Promise<string> {
  return new Promise((resolve, reject) => {
    server.bindAsync(listen, serverCredentials, (error, port) => {
      if (error !== null)
        reject(new MasterError('invalid-config', `listen: cannot listen on ${listen}: ${error.message}`));
      else resolve(`${listen.slice(0, listen.lastIndexOf(':'))}:${port}`);
    });
  });
}

function splitHostPort(address: string): { host: string; port: number } {
  const colon = address.lastIndexOf(':');
  return { host: address.slice(0, colon).replace(/^\[|\]$/g, ''), port: Number(address.slice(colon + 1)) };
}

interface Stores {
  readonly store: SqliteRaftStore;
  readonly snapshots: FileSnapshotStore;
  readonly state: StateMachine;
  readonly fresh: boolean;
}

async function openStores(options: MasterOptions): Promise<Stores> {
  mkdirSync(options.dataDir, { recursive: true });
  const fresh = !existsSync(join(options.dataDir, 'raft.db'));
  const store = SqliteRaftStore.open(options.dataDir);
  const snapshots = await FileSnapshotStore.open(join(options.dataDir, 'snapshots'), { retain: 2 });
  const watchLimits: WatchLimits = { ...defaultWatchLimits, ...options.watchLimits };
  const state = new StateMachine({
    directory: options.dataDir,
    changeLogCountMax: options.changeLogCountMax,
    watchLimits,
  });
  return { store, snapshots, state, fresh: fresh || store.lastIndex() === 0 };
}

/** The addresses a master's certificate names: where it listens and what it advertises. */
function certificateAddresses(options: MasterOptions): string[] {
  return [
    options.listen,
    ...(options.http === undefined ? [] : [options.http]),
    ...(options.security?.advertise ?? []),
  ];
}

/**
 * This master's TLS material: made by a bootstrapping master on first start,
 * fetched by token by a joining one (before it serves anything), read on every
 * later start.
 */
async function openSecurity(options: MasterOptions, fresh: boolean): Promise<MasterSecurity | undefined> {
  const config = options.security;
  if (config === undefined) return undefined;
  const securityOptions = {
    dataDir: options.dataDir,
    name: options.name,
    addresses: certificateAddresses(options),
    ...(config.certificateValidMs === undefined ? {} : { certificateValidMs: config.certificateValidMs }),
  };
  if (MasterSecurity.exists(options.dataDir)) return MasterSecurity.load(securityOptions);
  if (options.join !== undefined) {
    if (!fresh)
      throw new MasterError('invalid-config', 'data-dir: holds a log but no tls/: this master cannot serve TLS');
    if (config.joinToken === undefined)
      throw new MasterError(
        'invalid-config',
        'master option joinToken: required to join a cluster with security (make one with `orca token create --role master`)',
      );
    await joinByToken({
      dataDir: options.dataDir,
      target: options.join,
      token: config.joinToken ?? '',
      name: options.name,
      addresses: certificateAddresses(options),
      joinTimeoutMs: options.joinTimeoutMs,
    });
    return MasterSecurity.load(securityOptions);
  }
  if (!fresh && !options.bootstrap)
    throw new MasterError('invalid-config', 'data-dir: holds a log but no tls/: start it with --insecure, as before');
  return MasterSecurity.bootstrap(securityOptions);
}

export async function startMaster(input: MasterOptionsInput): Promise<Master> {
  const options = validateMasterOptions(input);
  const logger: Logger = options.logger ?? createLogger('master', { name: options.name });
  const stores = await openStores(options);
  let security: MasterSecurity | undefined;
  try {
    security = await openSecurity(options, stores.fresh);
  } catch (error: unknown) {
    stores.state.close();
    stores.store.close();
    throw error;
  }
  const server = new Server({
    'grpc.max_receive_message_length': options.grpcMessageBytesMax,
    'grpc.max_send_message_length': options.grpcMessageBytesMax,
  });
  const channelCredentials =
    security === undefined ? undefined : () => (security as MasterSecurity).identity.channelCredentials();
  const peers = new PeerClients(options.grpcMessageBytesMax, channelCredentials);
  const started: { node: RaftNode | null; closing: boolean } = { node: null, closing: false };
  try {
    return await startServing({ options, logger, stores, server, peers, started, security });
  } catch (error: unknown) {
    // Nothing half-started may keep the port or the databases.
    started.closing = true;
    await started.node?.shutdown();
    server.forceShutdown();
    peers.close();
    stores.state.close();
    stores.store.close();
    throw error;
  }
}

interface Serving {
  readonly options: MasterOptions;
  readonly logger: Logger;
  readonly stores: Stores;
  readonly server: Server;
  readonly peers: PeerClients;
  readonly started: { node: RaftNode | null; closing: boolean };
  readonly security: MasterSecurity | undefined;
}

async function startServing(serving: Serving): Promise<Master> {
  const { options, logger, stores, server, peers, started, security } = serving;
  const { store, snapshots, state } = stores;
  const address = await bindServer(
    server,
    options.listen,
    security === undefined ? ServerCredentials.createInsecure() : security.identity.serverCredentials(),
  );
  if (options.restore !== undefined && stores.fresh) {
    if (!existsSync(join(options.dataDir, secretKeyFileName))) {
      logger.warn(
        { dataDir: options.dataDir },
        `restoring without the old cluster's ${secretKeyFileName} in the data directory: its Secrets will not open`,
      );
    }
    const revision = await prepareRestore({
      file: options.restore,
      dataDir: options.dataDir,
      store,
      snapshots,
      name: options.name,
      address,
    });
    logger.info({ file: options.restore, revision }, 'restored a saved snapshot into a new cluster');
  }
  // `subsystem`, not a second `component`: a JSON line must not repeat a key.
  const raftLogger: RaftLogger = logger.child({ subsystem: 'raft' });
  const transport = new GrpcTransport({
    localId: options.name,
    localAddress: address,
    server,
    logger: raftLogger,
    ...(security === undefined
      ? {}
      : {
          channelCredentials: () => security.identity.channelCredentials(),
          acceptPeer: (call: PeerCall) => certificateUser(call)?.groups.includes(mastersGroup) === true,
        }),
  });
  const node = await RaftNode.open({
    id: options.name,
    address,
    config: options.raft,
    store,
    snapshots,
    transport,
    fsm: state,
    logger: raftLogger,
  });
  if (options.bootstrap && stores.fresh && options.restore === undefined) {
    node.bootstrapCluster({ servers: [{ id: options.name, address, suffrage: 'voter' }] });
  }
  started.node = node;
  await node.start();
  // A join whose answer was lost (no key yet) asks again: AddMaster is idempotent for a member at the same address.
  if (options.join !== undefined && (stores.fresh || !existsSync(join(options.dataDir, secretKeyFileName)))) {
    const key = await joinCluster({
      peers,
      target: options.join,
      name: options.name,
      address,
      joinTimeoutMs: options.joinTimeoutMs,
      isClosed: () => started.closing,
      learnAddress: (id, peerAddress) => node.learnAddress(id, peerAddress),
    });
    SecretCipher.writeKey(options.dataDir, key);
    logger.info({ via: options.join }, 'joined the cluster');
  }
  const cipher = SecretCipher.loadOrCreate(options.dataDir);
  return assemble({
    options,
    logger,
    server,
    address,
    node,
    state,
    store,
    peers,
    cipher,
    security,
    setClosing: () => {
      started.closing = true;
    },
  });
}

interface Parts {
  readonly options: MasterOptions;
  readonly logger: Logger;
  readonly server: Server;
  readonly address: string;
  readonly node: RaftNode;
  readonly state: StateMachine;
  readonly store: SqliteRaftStore;
  readonly peers: PeerClients;
  readonly cipher: SecretCipher;
  readonly security: MasterSecurity | undefined;
  readonly setClosing: () => void;
}

async function assemble(parts: Parts): Promise<Master> {
  const { options, logger, server, node, state, peers, cipher } = parts;
  let lastKnownLeader = node.leader?.address ?? '';
  const unsubscribe = node.leaderChanges.subscribe((change) => {
    if (change.leader !== null && change.leader.address !== '') lastKnownLeader = change.leader.address;
  });
  const watches: ActiveWatches = new Set();
  const metrics = new MasterMetrics({
    processMetrics: options.processMetrics,
    gauges: () => {
      const stats = node.stats();
      return {
        term: stats.term,
        commitIndex: stats.commitIndex,
        appliedIndex: stats.appliedIndex,
        lastIndex: stats.lastLogIndex,
        leaderChanges: stats.leaderChanges,
        isLeader: stats.role === 'leader',
        watchers: watches.size,
      };
    },
  });
  const observe = (method: string, code: string, seconds: number): void =>
    metrics.observeRequest(method, code, seconds);
  const writer = new ObjectWriter({
    node,
    cipher,
    proposalTimeoutMs: options.proposalTimeoutMs,
    onProposal: (seconds) => metrics.observeProposal(seconds),
    network: { serviceCidr: options.serviceCidr, nodePortRange: options.nodePortRange },
  });
  const shared = {
    node,
    peers,
    forwardTimeoutMs: options.forwardTimeoutMs,
    leaderWaitMs: options.leaderWaitMs,
    lastKnownLeader: () => lastKnownLeader,
  };
  const reads = new ReadBarrier({ ...shared, readTimeoutMs: options.readTimeoutMs });
  const wire = servicesWire();
  const podCidrs = new PodCidrAllocator({
    clusterCidr: parseClusterCidr(options.clusterCidr ?? defaultClusterCidr),
    state,
    reads,
    writer,
    node,
  });
  const { security } = parts;
  const guard = securityParts({
    dataDir: options.dataDir,
    name: options.name,
    addresses: certificateAddresses(options),
    config: options.security,
    security,
    state,
    logger,
  });
  const { authenticator } = guard;
  let httpAddress = '';
  const core = new ObjectCore({
    state,
    writer,
    reads,
    cipher,
    podCidrs,
    ...(guard.authorize === undefined ? {} : { authorize: guard.authorize }),
    ...(guard.audit === undefined ? {} : { audit: guard.audit }),
  });
  guard.start(core);
  const objectServiceDeps = {
    ...shared,
    watchBatchEventsMax: eventsPerMessage(options.grpcMessageBytesMax),
    core,
    state,
    cipher,
    bookmarkIntervalMs: options.bookmarkIntervalMs,
    observe,
    authenticator,
  };
  server.addService(wire.ObjectService.service, objectServiceHandlers(objectServiceDeps, watches));
  server.addService(
    wire.ClusterService.service,
    clusterServiceHandlers({
      ...shared,
      state,
      reads,
      cipher,
      readTimeoutMs: options.readTimeoutMs,
      joinTimeoutMs: options.joinTimeoutMs,
      observe,
      authenticator,
      review: guard.review,
      httpAddress: () => httpAddress,
      kindOf: (resource) => (kindInfo(resource) ?? resolveResourceName(resource))?.kind,
      ...(guard.serviceAccounts === undefined ? {} : { serviceAccounts: guard.serviceAccounts }),
      ...(security === undefined ? {} : { joins: { security, core, secretKey: cipher.key, review: guard.review } }),
    }),
  );
  const workerStubs = new WorkerStubs(
    undefined,
    security === undefined ? undefined : () => security.identity.channelCredentials(),
  );
  server.addService(wire.PodService.service, podServiceHandlers({ state, reads, authenticator, core }, workerStubs));
  const httpBackend: HttpBackend = {
    core: leaderRoutedCore(objectServiceDeps),
    authenticate: httpAuthenticate(authenticator),
    pods: podStreams({ state, reads, authenticator, core }, workerStubs),
    appliedIndex: () => state.appliedIndex(),
    bookmarkIntervalMs: options.bookmarkIntervalMs,
    secure: authenticator.secure,
    masterName: options.name,
    logger,
  };
  server.addService(versionWire().VersionService.service, {
    GetVersion: (
      _call: unknown,
      callback: (error: null, value: { version: string; nodeVersion: string; apiVersion: number }) => void,
    ) => {
      callback(null, { version: orcaVersion, nodeVersion: process.version, apiVersion });
    },
  });
  let closing = false;
  const health: HealthHandle = addHealthAndReflection(server, {
    services: servedServices,
    protoFiles: ['orca/v1/services.proto', 'orca/v1/version.proto'],
    isServing: () => !closing && node.leader !== null,
  });
  const leaderTasks = new LeaderTasks({
    node,
    core,
    onTaskError: (task, error) => logger.error({ task, error: String(error) }, 'leader task failed'),
  });
  const leaderClient = (context: Pick<LeaderTaskContext, 'term' | 'signal'>): LeaderClient =>
    new LeaderClient({ core, context });
  registerLeaderLoops(
    { leaderTasks, leaderClient, logger },
    validateLeaderLoopsOptions({
      dnsServiceIp: dnsServiceIp(options.serviceCidr),
      ...(security === undefined ? {} : { extraDefaults: () => securityDefaults(security) }),
      ...options.leaderLoops,
    }),
  );
  leaderTasks.start();
  const http =
    options.http === undefined
      ? null
      : await startHttpServer({
          ...splitHostPort(options.http),
          ...(security === undefined ? {} : { tls: security.identity }),
          extensions: (options.httpExtensions ?? []).map((make) => make(httpBackend)),
          metrics,
          liveness: () => ({ ok: !closing, detail: closing ? 'shutting down' : 'alive' }),
          readiness: () =>
            raftReadiness({
              leader: node.leader?.id,
              commitIndex: node.stats().commitIndex,
              appliedIndex: node.appliedIndex,
            }),
        });
  if (http !== null) httpAddress = `${http.address.host}:${http.address.port}`;
  logger.info(
    { address: parts.address, http: http === null ? null : `${http.address.host}:${http.address.port}` },
    'master serving',
  );
  let closed: Promise<void> | null = null;
  const close = async (): Promise<void> => {
    closing = true;
    parts.setClosing();
    unsubscribe();
    await leaderTasks.close();
    await guard.close();
    health.close();
    for (const call of watches)
      call.emit('error', {
        code: status.UNAVAILABLE,
        details: 'the master is shutting down: watch another master from the last revision',
      });
    await http?.close();
    await node.shutdown();
    await shutdownServer(server);
    workerStubs.close();
    peers.close();
    state.close();
    parts.store.close();
    logger.info({}, 'master stopped');
  };
  return {
    name: options.name,
    address: parts.address,
    httpAddress: http === null ? null : `${http.address.host}:${http.address.port}`,
    node,
    state,
    writer,
    core,
    leaderTasks,
    metrics,
    security,
    leaderClient,
    close: () => {
      closed ??= close();
      return closed;
    },
  };
}

function shutdownServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      server.forceShutdown();
      resolve();
    }, shutdownGraceMs);
    server.tryShutdown(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}
