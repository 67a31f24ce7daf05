/**
 * One simulated server: the production RaftNode on a simulated clock
 * (SimTimers), network (SimTransport), disk (SimRaftStore or SimWriterStore,
 * SimSnapshotStore) and key-value FSM. The host answers clients through the
 * node's API and reports what the node does to the invariants. A crash is a
 * power cut: the process is abandoned where it stands (its timers never fire
 * again, its sends are dropped, its writes reach only its own memory) and a
 * restart opens a new RaftNode over what the disk kept.
 */
import type { RaftConfig } from '../config.js';
import type { ConfigurationChange, CoreOptions, CoreStatus, RaftCoreApi } from '../core/api.js';
import { assert, AssertionError, isRaftError } from '../errors.js';
import type { RaftNode, RaftNodeOptions } from '../node.js';
import {
  decodeConfiguration,
  type Configuration,
  type LogEntry,
  type Ready,
  type ServerAddress,
  type ServerId,
} from '../types.js';
import type { Invariants } from './invariants.js';
import type { KvInput, KvOutput } from './kv-model.js';
import type { Packet } from './network.js';
import type { Random } from './random.js';
import { encodeCommand, SimKvFsm } from './sim-kv.js';
import { SimDisk, SimRaftStore, SimSnapshotStore, SimWriterStore, type StoreHooks } from './sim-store.js';
import { SimTimers, type VirtualClock } from './sim-timers.js';
import { SimTransport } from './sim-transport.js';

export type CreateCore = (options: CoreOptions) => RaftCoreApi;
export type OpenNode = (options: RaftNodeOptions) => Promise<RaftNode>;

/** What a server tells a client: the result, or a definite "not done here" (safe to retry elsewhere). */
export type ClientReply =
  | { readonly type: 'done'; readonly output: KvOutput }
  | { readonly type: 'rejected'; readonly leader: ServerId | null };

/** Deliberate bugs, to prove the simulator catches them. */
export interface ShellBugs {
  /** The node sends votes and acknowledgements before the write they depend on is durable (planted-bugs.ts). */
  readonly ackBeforePersist?: boolean;
  /** The host answers reads from the local state machine at once, on any server, without a read index. */
  readonly readLocally?: boolean;
}

export interface ReplicaEnvironment {
  readonly config: Partial<RaftConfig>;
  readonly createCore: CreateCore;
  readonly openNode: OpenNode;
  readonly invariants: Invariants;
  readonly random: Random;
  readonly bugs: ShellBugs;
  /** Every server id the run may use, with its address (joiners learn the leader's address this way). */
  readonly peers: readonly { id: ServerId; address: ServerAddress }[];
  readonly snapshotChunkBytes: number;
  readonly snapshotTimeoutMs: number;
  readonly operationTimeoutMs: number;
  readonly clock: VirtualClock;
  send(from: ServerId, to: ServerId, packet: Packet): void;
  /** Probability that a power cut strikes between a write and its fsync (fault phase only). */
  crashBeforeSyncProbability(): number;
  /** Whether this incarnation's store writes on a writer thread (persistAsync). */
  writerThread(): boolean;
  /** How long one fsync of the writer thread takes. */
  syncDelayMs(): number;
  trace(line: string): void;
  configurationApplied(configuration: Configuration, index: number): void;
  /** A programmer error on an asynchronous path: the run fails with it. */
  fail(error: unknown): void;
}

/** One process: the node and what it was opened over. */
interface Process {
  readonly incarnation: number;
  readonly node: RaftNode;
  readonly fsm: SimKvFsm;
  readonly store: SimRaftStore;
  readonly transport: SimTransport;
}

export class Replica {
  readonly disk = new SimDisk();
  private process: Process | null = null;
  private opening = false;
  /** Bumped by every crash: whatever the previous process scheduled or sends is dropped. */
  incarnation = 0;
  decommissioned = false;
  readonly statistics = {
    snapshotsInstalled: 0,
    crashes: 0,
    crashesBeforeSync: 0,
    writerThreadStarts: 0,
    synchronousStarts: 0,
  };

  constructor(
    readonly id: ServerId,
    private readonly rate: number,
    private readonly environment: ReplicaEnvironment,
  ) {}

  get running(): boolean {
    return this.process !== null;
  }

  get status(): CoreStatus | null {
    return this.process?.node.status() ?? null;
  }

  /**
   * Start (or restart) a process over the disk: RaftNode.open, bootstrapCluster
   * for a founder's first start, then start(). The node is up once the
   * promises of this turn settle (before the next simulated event).
   */
  start(bootstrap: Configuration | null = null): void {
    assert(
      this.process === null && !this.opening && !this.decommissioned,
      `${this.id} started twice or after decommissioning`,
    );
    this.opening = true;
    const incarnation = this.incarnation;
    this.open(incarnation, bootstrap).then(
      (process) => {
        this.opening = false;
        if (this.incarnation === incarnation) this.process = process;
      },
      (error: unknown) => {
        this.opening = false;
        this.environment.fail(error);
      },
    );
  }

  private async open(incarnation: number, bootstrap: Configuration | null): Promise<Process> {
    const alive = (): boolean => this.incarnation === incarnation;
    const clock = this.processClock(alive);
    const store = this.createStore(clock, alive);
    const transport = new SimTransport(
      {
        send: (to, packet) => {
          if (alive()) this.environment.send(this.id, to, packet);
        },
        later: (delayMs, label, action) => clock.at(clock.now() + delayMs, label, action),
        fail: (error) => this.environment.fail(error),
      },
      { id: this.id, snapshotTimeoutMs: this.environment.snapshotTimeoutMs },
    );
    const fsm = new SimKvFsm(this.fsmObserver(alive));
    const random = this.environment.random.fork();
    this.environment.invariants.restored(this.id, null);
    const node = await this.environment.openNode({
      id: this.id,
      address: this.id,
      config: this.environment.config,
      store,
      transport,
      fsm,
      snapshots: new SimSnapshotStore(
        this.disk.snapshots,
        { chunkBytes: this.environment.snapshotChunkBytes, retain: 2 },
        alive,
      ),
      timers: new SimTimers(clock, { server: this.id, rate: this.rate }),
      random: () => random.next(),
      peers: this.environment.peers.filter((peer) => peer.id !== this.id),
      createCore: (options) => this.observedCore(this.environment.createCore(options), options, alive),
    });
    if (bootstrap !== null) node.bootstrapCluster(bootstrap);
    await node.start();
    this.environment.trace(`start ${this.id} applied=${node.appliedIndex} last=${store.lastIndex()}`);
    return { incarnation, node, fsm, store, transport };
  }

  /** The simulation's agenda, seen by one process: nothing it scheduled runs after it died. */
  private processClock(alive: () => boolean): VirtualClock {
    const clock = this.environment.clock;
    return {
      now: () => clock.now(),
      at: (timeMs, label, action) =>
        clock.at(timeMs, label, () => {
          if (alive()) action();
        }),
    };
  }

  private createStore(clock: VirtualClock, alive: () => boolean): SimRaftStore {
    const hooks: StoreHooks = {
      appended: (entries) => {
        if (alive()) this.environment.invariants.appended(this.id, entries);
      },
      powerCutBeforeSync: () =>
        alive() &&
        this.process !== null &&
        this.environment.random.chance(this.environment.crashBeforeSyncProbability()),
      cutPower: () => {
        if (!alive()) return;
        this.statistics.crashesBeforeSync += 1;
        this.crash();
      },
    };
    if (!this.environment.writerThread()) {
      this.statistics.synchronousStarts += 1;
      return new SimRaftStore(this.disk, hooks);
    }
    this.statistics.writerThreadStarts += 1;
    return new SimWriterStore(this.disk, {
      ...hooks,
      syncDelayMs: () => this.environment.syncDelayMs(),
      later: (delayMs, label, action) => clock.at(clock.now() + delayMs, `${label} ${this.id}`, action),
      powerCutWithin: (delayMs) => this.environment.random.between(0, Math.floor(delayMs)),
      now: () => clock.now(),
    });
  }

  private fsmObserver(alive: () => boolean): ConstructorParameters<typeof SimKvFsm>[0] {
    return {
      applied: () => undefined,
      restored: (meta) => {
        if (!alive()) return;
        this.environment.invariants.restored(this.id, meta);
        if (this.process !== null) {
          this.statistics.snapshotsInstalled += 1;
          this.environment.trace(`install ${this.id} at ${meta.index}`);
        }
      },
    };
  }

  /**
   * The core the node drives, watched: a leader's log when it is elected, and
   * every entry the node applied (reported at advance(), which the node calls
   * once it has applied the Ready's committed entries).
   */
  private observedCore(core: RaftCoreApi, options: CoreOptions, alive: () => boolean): RaftCoreApi {
    const ready = core.ready.bind(core);
    const advance = core.advance.bind(core);
    const invariants = this.environment.invariants;
    core.ready = (): Ready => {
      const next = ready();
      if (alive() && next.softState?.role === 'leader') {
        invariants.leaderElected(this.id, next.softState.term);
        invariants.leaderLog(this.id, next.softState.term, options.log);
      }
      return next;
    };
    core.advance = (done: Ready): void => {
      if (alive()) for (const entry of done.committedEntries) this.applied(entry);
      advance(done);
    };
    return core;
  }

  private applied(entry: LogEntry): void {
    this.environment.invariants.applied(this.id, entry);
    if (entry.type === 'configuration')
      this.environment.configurationApplied(decodeConfiguration(entry.data), entry.index);
  }

  /** Power loss: the process, its state machine, pending client work and unsynced writes are gone. */
  crash(): void {
    if (this.process === null && !this.opening) return;
    this.process?.store.detach();
    this.process = null;
    this.incarnation += 1;
    this.statistics.crashes += 1;
    this.environment.trace(`crash ${this.id}`);
  }

  /** Retired for good (a committed configuration without it): a graceful shutdown. */
  decommission(): void {
    this.decommissioned = true;
    const process = this.process;
    if (process === null) {
      this.crash();
      return;
    }
    this.process = null;
    process.node.shutdown().then(
      () => {
        this.incarnation += 1;
      },
      (error: unknown) => this.environment.fail(error),
    );
  }

  receive(packet: Packet): void {
    this.process?.transport.deliver(packet);
  }

  // -------------------------------------------------------------------------
  // Clients, through the node's API
  // -------------------------------------------------------------------------

  request(input: KvInput, reply: (reply: ClientReply) => void): void {
    const process = this.process;
    if (process === null) return reply({ type: 'rejected', leader: null });
    const answer = (response: ClientReply): void => {
      if (this.process === process) reply(response);
    };
    const refused = (error: unknown): void => this.refused(error, answer);
    const timeoutMs = this.environment.operationTimeoutMs;
    if (input.op === 'get') {
      if (this.environment.bugs.readLocally)
        return answer({ type: 'done', output: { op: 'get', value: process.fsm.get(input.key) } });
      process.node
        .readIndex({ timeoutMs })
        .then(() => answer({ type: 'done', output: { op: 'get', value: process.fsm.get(input.key) } }), refused);
      return;
    }
    try {
      process.node
        .apply(encodeCommand(input), { timeoutMs })
        .then((output) => answer({ type: 'done', output: output as KvOutput }), refused);
    } catch (error: unknown) {
      refused(error);
    }
  }

  /** The node's refusals as the API documents them: definite ones are retried elsewhere, unknown outcomes are not answered. */
  private refused(error: unknown, answer: (reply: ClientReply) => void): void {
    if (!isRaftError(error)) {
      this.environment.fail(error);
      return;
    }
    if (error.code === 'timeout' || error.code === 'shutdown') return;
    answer({ type: 'rejected', leader: error.leader?.id ?? null });
  }

  // -------------------------------------------------------------------------
  // Faults that go through the leader's API
  // -------------------------------------------------------------------------

  transferLeadership(target: ServerId | null): void {
    this.process?.node.leadershipTransfer(target).catch((error: unknown) => this.ignoreRefusal(error));
  }

  /** Propose a membership change; true when the leader accepted it into its log. */
  changeMembership(change: ConfigurationChange): boolean {
    const node = this.process?.node;
    if (node === undefined) return false;
    const before = node.status().configurationIndex;
    const pending =
      change.type === 'addVoter'
        ? node.addVoter(change.id, change.address)
        : change.type === 'addNonvoter'
          ? node.addNonvoter(change.id, change.address)
          : change.type === 'demoteVoter'
            ? node.demoteVoter(change.id)
            : node.removeServer(change.id);
    pending.catch((error: unknown) => this.ignoreRefusal(error));
    return node.status().configurationIndex > before;
  }

  private ignoreRefusal(error: unknown): void {
    if (!isRaftError(error) || error instanceof AssertionError) this.environment.fail(error);
  }
}
