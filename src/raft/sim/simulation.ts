/**
 * One simulated run: replicas (each the production RaftNode), network, clients
 * and faults on one virtual clock, every choice drawn from one seeded generator.
 * The fault phase is followed by a liveness phase (everything healed and
 * restarted) in which a client command must commit; the client history is then
 * checked for linearizability.
 *
 * The node's API is made of promises, so after each event the loop lets every
 * promise reaction it caused run (a drain of the job queue) before the next
 * event: the order of everything is fixed by the seed, and virtual time moves
 * only between events.
 */
import type { RaftConfig } from '../config.js';
import { AssertionError } from '../errors.js';
import type { Configuration, ServerId } from '../types.js';
import { SimClient, type ClientEnvironment } from './clients.js';
import { EventQueue } from './event-queue.js';
import { faultNames, injectFault, type FaultWorld } from './faults.js';
import { Invariants, SimulationViolation } from './invariants.js';
import { kvModel, type KvInput, type KvOperation } from './kv-model.js';
import { checkLinearizability, formatHistory } from './linearizability.js';
import { SimNetwork, type Packet } from './network.js';
import { simNodeConfig, swarmOptions, type SimOptions } from './options.js';
import { Random } from './random.js';
import { Replica, type ClientReply, type CreateCore, type OpenNode, type ReplicaEnvironment } from './replica.js';
import type { VirtualClock } from './sim-timers.js';
import { Trace } from './trace.js';

interface SimEvent {
  readonly label: string;
  readonly run: () => void;
}

export interface SimFailure {
  readonly code: SimulationViolation['code'] | 'assertion' | 'exception' | 'bounds';
  readonly message: string;
  /** For a linearizability failure: the operations around the anomaly, one per line. */
  readonly window?: string;
}

export interface SimStats {
  readonly seed: number;
  readonly clusterSize: number;
  readonly virtualTimeMs: number;
  readonly events: number;
  readonly trace: string;
  readonly operations: number;
  readonly operationsUnknown: number;
  readonly committedIndex: number;
  readonly termsWithLeader: number;
  readonly crashes: number;
  readonly logTruncations: number;
  readonly snapshotsInstalled: number;
  /** Power cuts that struck a write before its fsync completed. */
  readonly crashesBeforeSync: number;
  /** Server starts whose store wrote on a writer thread (persistAsync) and synchronously (deferred and synchronous paths). */
  readonly writerThreadStarts: number;
  readonly synchronousStarts: number;
  readonly faults: Readonly<Record<string, number>>;
  readonly linearizability: 'linearizable' | 'unknown' | 'not-linearizable' | 'not-checked';
}

export interface SimResult {
  readonly ok: boolean;
  readonly failure?: SimFailure;
  readonly stats: SimStats;
}

const clientDelayMaxMs = 4;

export class Simulation {
  private readonly queue: EventQueue<SimEvent>;
  private readonly random: Random;
  private readonly network: SimNetwork;
  private readonly invariants = new Invariants();
  private readonly trace = new Trace();
  private readonly replicas = new Map<ServerId, Replica>();
  private readonly clients: SimClient[] = [];
  private readonly history: KvOperation[] = [];
  private readonly config: Partial<RaftConfig>;
  private readonly createCore: CreateCore;
  private readonly openNode: OpenNode;
  /** An error raised on an asynchronous path (a promise reaction), ending the run after the current event. */
  private asyncFailure: { error: unknown } | null = null;
  private readonly clusterSize: number;
  private readonly faultCounts: Record<string, number> = {};
  private phase: 'fault' | 'liveness' | 'ended' = 'fault';
  private livenessStartMs = 0;
  private livenessShown = false;
  private latestConfigurationIndex = 0;

  private readonly options: SimOptions;
  private readonly faultKinds: ReadonlySet<string>;

  constructor(
    private readonly seed: number,
    options: SimOptions,
  ) {
    this.random = new Random(seed);
    this.options = swarmOptions(this.random, options, faultNames);
    this.faultKinds = new Set(this.options.faultKinds ?? faultNames);
    this.queue = new EventQueue(options.pendingEventsMax);
    this.config = simNodeConfig(this.options);
    this.createCore = this.options.createCore as CreateCore;
    this.openNode = this.options.openNode as OpenNode;
    this.clusterSize = this.options.clusterSize ?? this.random.between(3, 5);
    this.network = new SimNetwork(this.random.fork(), this.options.network, (atMs, to, packet) =>
      this.schedule(atMs, `deliver ${to} ${describePacket(packet)}`, () => this.replicas.get(to)?.receive(packet)),
    );
  }

  async run(): Promise<SimResult> {
    let failure: SimFailure | undefined;
    // A rejection nobody handles is an error inside the node's promises: it fails this run.
    const unhandled = (reason: unknown): void => this.fail(reason);
    process.on('unhandledRejection', unhandled);
    try {
      this.setUp();
      await this.loop();
      failure = this.checkHistory();
    } catch (error: unknown) {
      failure = asFailure(error);
    } finally {
      process.off('unhandledRejection', unhandled);
    }
    if (failure !== undefined) return { ok: false, failure, stats: this.stats(failure) };
    return { ok: true, stats: this.stats(undefined) };
  }

  private fail(error: unknown): void {
    this.asyncFailure ??= { error };
  }

  private setUp(): void {
    const founders = Array.from({ length: this.clusterSize }, (_, index) => `s${index + 1}`);
    const configuration: Configuration = { servers: founders.map((id) => ({ id, address: id, suffrage: 'voter' })) };
    for (const id of founders) this.addReplica(id).start(configuration);
    for (let id = 0; id < this.options.clientsCount; id += 1) {
      const client = new SimClient(id, this.random.fork(), this.clientEnvironment());
      this.clients.push(client);
      client.start();
    }
    this.scheduleFault();
    this.later(this.options.faultPhaseMs, 'liveness phase', () => this.startLiveness());
  }

  private async loop(): Promise<void> {
    await settle();
    this.throwAsyncFailure();
    for (let events = 0; this.phase !== 'ended'; events += 1) {
      if (events >= this.options.eventsMax) throw new BoundsExceeded(`run exceeded ${this.options.eventsMax} events`);
      const event = this.queue.pop();
      if (event === null) break;
      this.trace.record(`${this.queue.now} ${event.label}`);
      event.run();
      await settle();
      this.throwAsyncFailure();
    }
    for (const client of this.clients) client.abandon();
  }

  private throwAsyncFailure(): void {
    if (this.asyncFailure !== null) throw this.asyncFailure.error;
  }

  private checkHistory(): SimFailure | undefined {
    const result = checkLinearizability(kvModel, this.history, { stepsMax: this.options.checkStepsMax });
    this.linearizability = result.verdict;
    if (result.verdict !== 'not-linearizable') return undefined;
    return {
      code: 'linearizability',
      message: `client history of ${this.history.length} operations is not linearizable (deepest attempt placed ${result.linearizedMax} of ${result.partition.length} on key ${result.partition[0]?.input.key ?? '?'})`,
      window: formatHistory(kvModel, result.window),
    };
  }

  private linearizability: SimStats['linearizability'] = 'not-checked';

  // -------------------------------------------------------------------------
  // Scheduling
  // -------------------------------------------------------------------------

  private schedule(atMs: number, label: string, run: () => void): void {
    this.queue.at(atMs, { label, run });
  }

  private later(delayMs: number, label: string, run: () => void): void {
    this.schedule(this.queue.now + delayMs, label, run);
  }

  private scheduleFault(): void {
    this.later(this.random.between(this.options.faultIntervalMinMs, this.options.faultIntervalMaxMs), 'fault', () => {
      if (this.phase !== 'fault') return;
      const name = injectFault(this.faultWorld(), this.faultKinds);
      if (name !== null) {
        this.faultCounts[name] = (this.faultCounts[name] ?? 0) + 1;
        this.trace.record(`fault ${name}`);
      }
      this.scheduleFault();
    });
  }

  // -------------------------------------------------------------------------
  // Phases
  // -------------------------------------------------------------------------

  private startLiveness(): void {
    this.phase = 'liveness';
    this.livenessStartMs = this.queue.now;
    this.network.heal();
    for (const replica of this.replicas.values()) if (!replica.running && !replica.decommissioned) replica.start();
    this.later(this.options.livenessTimeoutMs, 'liveness deadline', () => {
      if (this.livenessShown) return;
      const leader = this.leader();
      throw new SimulationViolation(
        'liveness',
        `no client command committed within ${this.options.livenessTimeoutMs} ms after healing (leader: ${leader?.id ?? 'none'})`,
      );
    });
  }

  private recordOperation(operation: KvOperation): void {
    this.history.push(operation);
    const committedWrite = operation.output !== undefined && operation.input.op !== 'get';
    if (this.phase === 'liveness' && !this.livenessShown && committedWrite && operation.call >= this.livenessStartMs) {
      this.livenessShown = true;
      this.later(this.options.drainMs, 'end', () => {
        this.phase = 'ended';
      });
    }
  }

  // -------------------------------------------------------------------------
  // The world as replicas, clients and faults see it
  // -------------------------------------------------------------------------

  private addReplica(id: ServerId): Replica {
    // Each server's clock runs up to 10% fast or slow, as real oscillators drift.
    const replica = new Replica(id, 0.9 + 0.2 * this.random.next(), this.replicaEnvironment());
    this.replicas.set(id, replica);
    return replica;
  }

  leader(): Replica | null {
    let best: Replica | null = null;
    let bestTerm = -1;
    for (const replica of this.replicas.values()) {
      const status = replica.status;
      if (status?.role === 'leader' && status.term > bestTerm) {
        best = replica;
        bestTerm = status.term;
      }
    }
    return best;
  }

  private configurationApplied(configuration: Configuration, index: number): void {
    if (index <= this.latestConfigurationIndex) return;
    this.latestConfigurationIndex = index;
    const members = new Set(configuration.servers.map((server) => server.id));
    for (const replica of this.replicas.values()) {
      if (members.has(replica.id) || replica.decommissioned) continue;
      // A committed configuration without it: the server is retired for good.
      this.later(0, `decommission ${replica.id}`, () => replica.decommission());
    }
  }

  private replicaEnvironment(): ReplicaEnvironment {
    const options = this.options;
    const clock: VirtualClock = {
      now: () => this.queue.now,
      at: (timeMs, label, action) => this.schedule(timeMs, label, action),
    };
    return {
      config: this.config,
      createCore: this.createCore,
      openNode: this.openNode,
      invariants: this.invariants,
      random: this.random,
      bugs: options.bugs,
      peers: Array.from({ length: options.serversMax }, (_, index) => ({
        id: `s${index + 1}`,
        address: `s${index + 1}`,
      })),
      snapshotChunkBytes: options.snapshotChunkBytes,
      snapshotTimeoutMs: options.snapshotTimeoutMs,
      operationTimeoutMs: options.operationTimeoutMs,
      clock,
      send: (from, to, packet) => this.network.send(this.queue.now, from, to, packet),
      crashBeforeSyncProbability: () => (this.phase === 'fault' ? options.crashBeforeSyncProbability : 0),
      writerThread: () => this.random.chance(options.writerThreadProbability),
      syncDelayMs: () => this.random.between(1, options.syncDelayMaxMs),
      trace: (line) => this.trace.record(line),
      configurationApplied: (configuration, index) => this.configurationApplied(configuration, index),
      fail: (error) => this.fail(error),
    };
  }

  private clientEnvironment(): ClientEnvironment {
    return {
      keys: this.options.keys,
      operationTimeoutMs: this.options.operationTimeoutMs,
      now: () => this.queue.now,
      servers: () =>
        [...this.replicas.values()].filter((replica) => !replica.decommissioned).map((replica) => replica.id),
      request: (server, input, reply) => this.deliverRequest(server, input, reply),
      later: (delayMs, label, action) => this.later(delayMs, label, action),
      accepting: () => this.phase !== 'ended' && this.history.length < this.options.historyMax,
      record: (operation) => this.recordOperation(operation),
    };
  }

  private deliverRequest(server: ServerId, input: KvInput, reply: (reply: ClientReply) => void): void {
    this.later(this.random.between(1, clientDelayMaxMs), `request ${server} ${input.op} ${input.key}`, () => {
      const replica = this.replicas.get(server);
      const answer = (response: ClientReply): void =>
        this.later(this.random.between(1, clientDelayMaxMs), `reply ${server} ${response.type}`, () => reply(response));
      if (replica === undefined || !replica.running) answer({ type: 'rejected', leader: null });
      else replica.request(input, answer);
    });
  }

  private faultWorld(): FaultWorld {
    return {
      network: this.network,
      random: this.random,
      live: () => [...this.replicas.values()].filter((replica) => !replica.decommissioned),
      leader: () => this.leader(),
      inFaultPhase: () => this.phase === 'fault',
      later: (delayMs, label, action) => this.later(delayMs, label, action),
      restart: (replica) => replica.start(),
      freshServerId: () => (this.replicas.size < this.options.serversMax ? `s${this.replicas.size + 1}` : null),
      createJoiner: (id) => this.addReplica(id).start(),
      trace: (line) => this.trace.record(line),
    };
  }

  private stats(failure: SimFailure | undefined): SimStats {
    const replicas = [...this.replicas.values()];
    return {
      seed: this.seed,
      clusterSize: this.clusterSize,
      virtualTimeMs: this.queue.now,
      events: this.trace.events,
      trace: this.trace.digest(),
      operations: this.history.length,
      operationsUnknown: this.history.filter((operation) => operation.output === undefined).length,
      committedIndex: this.invariants.committedIndex,
      termsWithLeader: this.invariants.termsWithLeader,
      crashes: replicas.reduce((sum, replica) => sum + replica.statistics.crashes, 0),
      logTruncations: replicas.reduce((sum, replica) => sum + replica.disk.truncations, 0),
      snapshotsInstalled: replicas.reduce((sum, replica) => sum + replica.statistics.snapshotsInstalled, 0),
      crashesBeforeSync: replicas.reduce((sum, replica) => sum + replica.statistics.crashesBeforeSync, 0),
      writerThreadStarts: replicas.reduce((sum, replica) => sum + replica.statistics.writerThreadStarts, 0),
      synchronousStarts: replicas.reduce((sum, replica) => sum + replica.statistics.synchronousStarts, 0),
      faults: { ...this.faultCounts },
      linearizability: failure?.code === 'linearizability' ? 'not-linearizable' : this.linearizability,
    };
  }
}

/**
 * Let every promise reaction queued so far run, and those they queue in turn: an
 * immediate runs only once the job queue is empty. Nothing else in the
 * simulation uses the real event loop, so this is a drain, not a clock.
 */
function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function describePacket(packet: Packet): string {
  if (packet.kind === 'raft') return `${packet.message.type} ${packet.message.from} t${packet.message.term}`;
  if (packet.kind === 'chunk') return `chunk ${packet.from} ${packet.part}/${packet.parts}`;
  return `chunk-ack ${packet.from}`;
}

class BoundsExceeded extends Error {
  readonly code = 'bounds';
}

function asFailure(error: unknown): SimFailure {
  if (error instanceof BoundsExceeded) return { code: 'bounds', message: error.message };
  if (error instanceof SimulationViolation) return { code: error.code, message: error.message };
  if (error instanceof AssertionError) return { code: 'assertion', message: error.message };
  const message = error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error);
  return { code: 'exception', message };
}
