/**
 * RaftNode: the hashicorp-style surface of raft-ts. It wraps the pure core
 * (src/raft/core) with I/O: a ticker, the transport, the durable store, the
 * snapshot store and the FSM, and follows the core's Ready contract:
 *
 *   send what may go before persisting → persist (one transaction, one fsync for
 *   everything that arrived in this turn of the event loop: group commit) → send
 *   the rest → apply committed entries → advance.
 *
 * Messages to followers leave before the leader's own fsync blocks the thread, so
 * the leader's disk write runs in parallel with replication.
 */
import { coreConfigFrom, defaultConfig, validateConfig, type RaftConfig } from './config.js';
import { RaftCore } from './core/raft-core.js';
import type { ConfigurationChange, CoreOptions, CoreStatus, RaftCoreApi } from './core/api.js';
import { assert, RaftError, type LeaderHint } from './errors.js';
import {
  isBatchingFSM,
  silentLogger,
  type FSM,
  type PersistBatch,
  type RaftLogger,
  type RaftStore,
  type SnapshotHeader,
  type SnapshotStore,
  type Transport,
} from './interfaces.js';
import { Observable } from './observable.js';
import { SnapshotCoordinator } from './snapshot-coordinator.js';
import { systemTimers, type Timers } from './timers.js';
import {
  decodeConfiguration,
  encodeConfiguration,
  isVoter,
  type Configuration,
  type HardState,
  type LogEntry,
  type Message,
  type Ready,
  type RaftRole,
  type ServerAddress,
  type ServerId,
  type SnapshotMeta,
  type SoftState,
} from './types.js';
import { ConditionWaiters, WaiterMap } from './waiters.js';

export interface RaftNodeOptions {
  readonly id: ServerId;
  readonly address: ServerAddress;
  readonly config?: Partial<RaftConfig>;
  readonly store: RaftStore;
  readonly snapshots: SnapshotStore;
  readonly transport: Transport;
  readonly fsm: FSM;
  readonly logger?: RaftLogger;
  readonly timers?: Timers;
  /** Uniform in [0, 1); seeded in tests. */
  readonly random?: () => number;
  /** Peers known before the log says so (a joining server learns the leader's address this way). */
  readonly peers?: readonly { id: ServerId; address: ServerAddress }[];
  /** The core to drive; RaftCore unless a test injects another implementation of RaftCoreApi. */
  readonly createCore?: (options: CoreOptions) => RaftCoreApi;
}

export interface LeaderChange {
  readonly term: number;
  readonly leader: LeaderHint | null;
  readonly isSelf: boolean;
}

export interface RaftStats {
  readonly id: ServerId;
  readonly role: RaftRole;
  readonly term: number;
  readonly leader: LeaderHint | null;
  readonly commitIndex: number;
  readonly appliedIndex: number;
  readonly lastLogIndex: number;
  readonly lastSnapshotIndex: number;
  readonly configuration: Configuration;
  readonly pendingProposals: number;
  readonly pendingReads: number;
  readonly fsyncCount: number;
  readonly fsyncMsTotal: number;
  readonly fsyncMsMax: number;
  readonly entriesPersisted: number;
  readonly leaderChanges: number;
}

export interface TimeoutOption {
  readonly timeoutMs?: number;
}

const defaultTimeoutMs = 5000;
/** Ready rounds handled in one turn before yielding to the event loop (keeps timers and I/O live). */
const readyRoundsPerTurnMax = 64;

/** One committed-and-applied result, handed to the proposer. */
type ApplyResult = unknown;

export class RaftNode {
  readonly id: ServerId;
  readonly address: ServerAddress;
  readonly config: RaftConfig;
  readonly leaderChanges = new Observable<LeaderChange>();

  private core: RaftCoreApi;
  private readonly store: RaftStore;
  private readonly fsm: FSM;
  private readonly transport: Transport;
  private readonly logger: RaftLogger;
  private readonly timers: Timers;
  private readonly random: () => number;
  private readonly newCore: (options: CoreOptions) => RaftCoreApi;
  private readonly addresses = new Map<ServerId, ServerAddress>();
  private readonly proposals: WaiterMap<ApplyResult>;
  /** Read requests waiting for their read index from the core. */
  private readonly reads: WaiterMap<number>;
  /** Read requests that have a read index and wait for the applied index to reach it. */
  private readonly readsAwaitingApply: {
    index: number;
    resolve: (index: number) => void;
    reject: (error: Error) => void;
  }[] = [];
  private readonly appliedWaiters: ConditionWaiters<RaftNode>;
  private readonly snapshotter: SnapshotCoordinator;
  private ticker: unknown = null;
  private processingScheduled = false;
  private installingSnapshot = false;
  /** A Ready whose persistence waits one turn for the transports to flush the leader's appends. */
  private persistDeferred = false;
  /** The background persist in flight, if any: shutdown waits for it. */
  private persistInFlight: Promise<void> | null = null;
  private stopped = false;
  private started = false;
  private readSequence = 0;
  private appliedIndexValue: number;
  private appliedConfiguration: { configuration: Configuration; index: number };
  private softState: SoftState = { role: 'follower', term: 0, leaderId: null };
  private persistedHardState: HardState;
  private statistics = { fsyncCount: 0, fsyncMsTotal: 0, fsyncMsMax: 0, entriesPersisted: 0, leaderChanges: 0 };

  /** Protected so a test can plant a bug in a subclass; open() builds whichever class it is called on. */
  protected constructor(options: RaftNodeOptions, config: RaftConfig, start: NodeStart) {
    this.id = options.id;
    this.address = options.address;
    this.config = config;
    this.store = options.store;
    this.fsm = options.fsm;
    this.transport = options.transport;
    this.logger = options.logger ?? silentLogger;
    this.timers = options.timers ?? systemTimers;
    this.random = options.random ?? Math.random;
    this.newCore = options.createCore ?? ((coreOptions) => new RaftCore(coreOptions));
    this.proposals = new WaiterMap(this.timers);
    this.reads = new WaiterMap(this.timers);
    this.appliedWaiters = new ConditionWaiters(this.timers);
    this.appliedIndexValue = start.appliedIndex;
    this.appliedConfiguration = start.configuration;
    this.persistedHardState = options.store.hardState();
    this.addresses.set(this.id, this.address);
    for (const peer of options.peers ?? []) this.addresses.set(peer.id, peer.address);
    this.snapshotter = new SnapshotCoordinator({
      id: this.id,
      config,
      store: this.store,
      snapshots: options.snapshots,
      fsm: this.fsm,
      transport: this.transport,
      logger: this.logger,
      timers: this.timers,
      lastSnapshot: start.snapshot,
      onTaken: (meta) => this.core.snapshotTaken(meta),
    });
    this.core = this.createCore(start.snapshot);
  }

  /**
   * Open a node over its stores: restore the FSM from the newest snapshot (unless the
   * FSM already holds at least that much durably), then replay the log from there as
   * entries commit. Call start() to begin ticking and serving the transport.
   */
  static async open(options: RaftNodeOptions): Promise<RaftNode> {
    const config = validateConfig({ ...defaultConfig(), ...options.config });
    const start = await loadStart(options);
    return new this(options, config, start);
  }

  /** Write the first configuration of a brand-new cluster. Only on a server that has never held any state. */
  bootstrapCluster(configuration: Configuration): void {
    this.assertNotStopped();
    if (this.store.lastIndex() !== 0 || this.store.hardState().term !== 0) {
      throw new RaftError('cannot-bootstrap', 'this server already has state: bootstrap only a brand-new cluster');
    }
    if (!isVoter(configuration, this.id))
      throw new RaftError('cannot-bootstrap', `configuration must include ${this.id} as a voter`);
    const entry: LogEntry = { index: 1, term: 1, type: 'configuration', data: encodeConfiguration(configuration) };
    this.store.persist({ hardState: { term: 1, vote: null, commit: 0 }, entries: [entry] });
    this.persistedHardState = this.store.hardState();
    for (const server of configuration.servers) this.addresses.set(server.id, server.address);
    this.core = this.createCore(null);
    this.logger.info({ id: this.id, servers: configuration.servers.length }, 'bootstrapped a new cluster');
  }

  async start(): Promise<void> {
    this.assertNotStopped();
    assert(!this.started, 'start() called twice');
    this.started = true;
    await this.transport.start({
      onMessage: (message) => this.receive(message),
      onSnapshot: (header, chunks) => this.receiveSnapshot(header, chunks),
    });
    this.ticker = this.timers.setInterval(() => this.tick(), this.config.tickMs);
    this.scheduleProcessing();
  }

  // -------------------------------------------------------------------------
  // The hashicorp-style API
  // -------------------------------------------------------------------------

  /** Replicate a command; resolves with the FSM's result once it is committed and applied here. */
  apply(command: Uint8Array, options: TimeoutOption = {}): Promise<ApplyResult> {
    this.assertRunning();
    if (command.byteLength > this.config.commandBytesMax) {
      return Promise.reject(
        new RaftError(
          'too-large',
          `command of ${command.byteLength} bytes exceeds commandBytesMax ${this.config.commandBytesMax}`,
        ),
      );
    }
    return this.propose('command', command, options.timeoutMs ?? defaultTimeoutMs);
  }

  /** Resolves once every entry proposed before it has been applied on this (leader) node. */
  async barrier(options: TimeoutOption = {}): Promise<void> {
    this.assertRunning();
    await this.propose('noop', new Uint8Array(0), options.timeoutMs ?? defaultTimeoutMs);
  }

  /**
   * A linearizable read point: resolves with an index once this node (the leader)
   * has confirmed its leadership and applied at least up to that index, so reading
   * the FSM right after is linearizable.
   */
  async readIndex(options: TimeoutOption = {}): Promise<number> {
    const index = await this.requestReadIndex(options.timeoutMs ?? defaultTimeoutMs);
    if (this.appliedIndexValue >= index) return index;
    if (this.stopped) throw new RaftError('shutdown', 'raft node is shut down');
    return new Promise<number>((resolve, reject) => this.readsAwaitingApply.push({ index, resolve, reject }));
  }

  /**
   * Resolves once this node has applied at least `index` (a follower serving a
   * read at an index the leader confirmed); rejects with 'timeout' after timeoutMs.
   */
  async waitForApplied(index: number, options: TimeoutOption = {}): Promise<void> {
    this.assertRunning();
    if (this.appliedIndexValue >= index) return;
    await this.appliedWaiters.wait(
      (node) => node.appliedIndexValue >= index,
      options.timeoutMs ?? defaultTimeoutMs,
      `waiting to apply index ${index}`,
    );
  }

  /** Resolves if this node is still the leader as confirmed by a quorum (or its lease). */
  async verifyLeader(options: TimeoutOption = {}): Promise<void> {
    await this.requestReadIndex(options.timeoutMs ?? defaultTimeoutMs);
  }

  /** Add a voter: it joins as a non-voter, catches up, and is promoted; resolves once it votes. */
  async addVoter(id: ServerId, address: ServerAddress, options: TimeoutOption = {}): Promise<void> {
    this.addresses.set(id, address);
    await this.changeConfiguration({ type: 'addVoter', id, address }, (c) => isVoter(c, id), options);
  }

  async addNonvoter(id: ServerId, address: ServerAddress, options: TimeoutOption = {}): Promise<void> {
    this.addresses.set(id, address);
    await this.changeConfiguration(
      { type: 'addNonvoter', id, address },
      (c) => c.servers.some((s) => s.id === id),
      options,
    );
  }

  async demoteVoter(id: ServerId, options: TimeoutOption = {}): Promise<void> {
    await this.changeConfiguration(
      { type: 'demoteVoter', id },
      (c) => c.servers.some((s) => s.id === id && s.suffrage === 'nonvoter'),
      options,
    );
  }

  async removeServer(id: ServerId, options: TimeoutOption = {}): Promise<void> {
    await this.changeConfiguration({ type: 'removeServer', id }, (c) => !c.servers.some((s) => s.id === id), options);
  }

  /** Hand leadership to `target` (or the most up-to-date voter); resolves when another server leads. */
  async leadershipTransfer(target: ServerId | null = null, options: TimeoutOption = {}): Promise<void> {
    this.assertRunning();
    this.core.transferLeadership(target);
    this.scheduleProcessing();
    const timeoutMs = options.timeoutMs ?? this.config.leadershipTransferTimeoutMs * 2;
    await this.appliedWaiters.wait(
      (node) => node.softState.leaderId !== null && node.softState.leaderId !== node.id,
      timeoutMs,
      'leadership transfer',
    );
  }

  /** Take a snapshot of the FSM now and compact the log behind it. */
  async snapshot(): Promise<SnapshotMeta> {
    this.assertRunning();
    const meta = await this.snapshotter.take(this.snapshotPoint(), true);
    assert(meta !== null, 'a forced snapshot always produces one');
    return meta;
  }

  get state(): RaftRole {
    return this.softState.role;
  }

  /** The leader as this node knows it, or null. */
  get leader(): LeaderHint | null {
    const leaderId = this.softState.leaderId;
    if (leaderId === null) return null;
    return { id: leaderId, address: this.addressOf(leaderId) ?? '' };
  }

  get appliedIndex(): number {
    return this.appliedIndexValue;
  }

  /** The configuration of the latest configuration entry this node has applied. */
  get configuration(): Configuration {
    return this.appliedConfiguration.configuration;
  }

  /** The newest configuration in the log (in effect, maybe not yet committed). */
  latestConfiguration(): Configuration {
    return this.core.status().configuration;
  }

  stats(): RaftStats {
    const status = this.core.status();
    return {
      id: this.id,
      role: status.role,
      term: status.term,
      leader: this.leader,
      commitIndex: status.commitIndex,
      appliedIndex: this.appliedIndexValue,
      lastLogIndex: status.lastIndex,
      lastSnapshotIndex: this.snapshotter.lastSnapshotIndex,
      configuration: status.configuration,
      pendingProposals: this.proposals.size,
      pendingReads: this.reads.size + this.readsAwaitingApply.length,
      ...this.statistics,
    };
  }

  /** The core's full status (progress of each follower on the leader). */
  status(): CoreStatus {
    return this.core.status();
  }

  /** Tell the node where a server lives (before the log does). */
  learnAddress(id: ServerId, address: ServerAddress): void {
    this.addresses.set(id, address);
  }

  /** Stop ticking and serving; fail every pending request with 'shutdown'. The stores stay open: the caller owns them. */
  async shutdown(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    if (this.ticker !== null) this.timers.clearInterval(this.ticker);
    const error = new RaftError('shutdown', 'raft node is shut down');
    this.proposals.rejectAll(error);
    this.reads.rejectAll(error);
    for (const read of this.readsAwaitingApply.splice(0)) read.reject(error);
    this.appliedWaiters.rejectAll(error);
    await this.persistInFlight;
    await this.snapshotter.stop();
    await this.transport.close();
    this.logger.info({ id: this.id }, 'raft node shut down');
  }

  // -------------------------------------------------------------------------
  // Driving the core
  // -------------------------------------------------------------------------

  private createCore(snapshot: SnapshotMeta | null): RaftCoreApi {
    return this.newCore({
      id: this.id,
      config: coreConfigFrom(this.config),
      log: this.store,
      hardState: this.store.hardState(),
      snapshot,
      appliedIndex: this.appliedIndexValue,
      random: this.random,
    });
  }

  private tick(): void {
    if (this.stopped) return;
    this.core.tick();
    this.scheduleProcessing();
  }

  private receive(message: Message): void {
    if (this.stopped || message.to !== this.id) return;
    this.core.step(message);
    this.scheduleProcessing();
  }

  private async receiveSnapshot(header: SnapshotHeader, chunks: AsyncIterable<Uint8Array>): Promise<void> {
    this.assertRunning();
    const local = await this.snapshotter.receive(header.message.snapshot, chunks);
    if (this.stopped) return;
    this.core.step({ ...header.message, snapshot: local });
    this.scheduleProcessing();
  }

  private propose(type: 'command' | 'noop', data: Uint8Array, timeoutMs: number): Promise<ApplyResult> {
    try {
      const receipt = this.core.propose(type, data);
      this.scheduleProcessing();
      return this.proposals.wait(receipt.index, receipt.term, timeoutMs, `proposal at index ${receipt.index}`);
    } catch (error: unknown) {
      return Promise.reject(this.withLeaderAddress(error));
    }
  }

  private requestReadIndex(timeoutMs: number): Promise<number> {
    this.assertRunning();
    this.readSequence += 1;
    const requestId = this.readSequence;
    try {
      this.core.readIndex(requestId);
    } catch (error: unknown) {
      return Promise.reject(this.withLeaderAddress(error));
    }
    this.scheduleProcessing();
    return this.reads.wait(requestId, 0, timeoutMs, 'read index');
  }

  private async changeConfiguration(
    change: ConfigurationChange,
    done: (configuration: Configuration) => boolean,
    options: TimeoutOption,
  ): Promise<void> {
    this.assertRunning();
    try {
      this.core.proposeConfigurationChange(change);
    } catch (error: unknown) {
      throw this.withLeaderAddress(error);
    }
    this.scheduleProcessing();
    const timeoutMs = options.timeoutMs ?? defaultTimeoutMs * 2;
    await this.appliedWaiters.wait(
      (node) => done(node.appliedConfiguration.configuration),
      timeoutMs,
      `configuration change ${change.type} ${change.id}`,
    );
  }

  private scheduleProcessing(): void {
    if (this.processingScheduled || this.stopped) return;
    this.processingScheduled = true;
    this.timers.setImmediate(() => {
      this.processingScheduled = false;
      this.processReady();
    });
  }

  private processReady(): void {
    if (this.stopped || this.installingSnapshot || this.persistDeferred) return;
    for (let round = 0; round < readyRoundsPerTurnMax && this.core.hasReady(); round += 1) {
      const ready = this.core.ready();
      this.sendBeforePersist(ready);
      if (ready.snapshot !== null) {
        this.installingSnapshot = true;
        void this.installSnapshot(ready, ready.snapshot);
        return;
      }
      if (this.needsPersist(ready) && this.store.persistAsync !== undefined) {
        this.persistInBackground(ready, this.store.persistAsync.bind(this.store));
        return;
      }
      if (ready.messagesBeforePersist.length > 0 && this.needsPersist(ready)) {
        // The transports write what was just sent on their next turn; the fsync
        // blocks this thread, so it waits one turn to run in parallel with the
        // replication instead of ahead of it.
        this.persistDeferred = true;
        this.timers.setImmediate(() => {
          this.persistDeferred = false;
          if (this.stopped) return;
          this.persist(ready);
          this.finishReady(ready);
          this.processReady();
        });
        return;
      }
      this.persist(ready);
      this.finishReady(ready);
    }
    if (this.core.hasReady()) this.scheduleProcessing();
    this.maybeSnapshot();
  }

  /**
   * What may leave before this Ready is durable: a leader's appends and heartbeats
   * (its own fsync runs in parallel with replication). Never votes or
   * acknowledgements, which promise that the write is on disk.
   */
  protected sendBeforePersist(ready: Ready): void {
    this.sendAll(ready.messagesBeforePersist);
  }

  private needsPersist(ready: Ready): boolean {
    return ready.entries.length > 0 || this.termOrVoteChanged(ready);
  }

  /**
   * The store writes on a thread of its own: this thread goes on receiving
   * (messages are stepped into the core, which holds the entries as unstable
   * until advance) while the fsync runs, and everything that arrives meanwhile
   * is handled in the next Ready, so batches grow with the load. Nothing that
   * depends on this Ready's state is sent before it is durable.
   */
  private persistInBackground(ready: Ready, persistAsync: (batch: PersistBatch) => Promise<void>): void {
    this.persistDeferred = true;
    const startedMs = this.timers.now();
    this.persistInFlight = persistAsync({ hardState: ready.hardState, entries: ready.entries }).then(
      () => {
        this.persistDeferred = false;
        this.persistInFlight = null;
        this.recordPersist(ready, this.timers.now() - startedMs);
        if (this.stopped) return;
        this.finishReady(ready);
        this.processReady();
      },
      (error: unknown) => {
        this.persistInFlight = null;
        this.logger.error(
          { id: this.id, error: String(error) },
          'persisting the log failed; this replica cannot go on',
        );
        // Like a failing synchronous persist: what is durable is unknown, so stop hard.
        this.timers.setImmediate(() => {
          throw error;
        });
      },
    );
  }

  private persist(ready: Ready): void {
    if (!this.needsPersist(ready)) return;
    const startedMs = this.timers.now();
    this.store.persist({ hardState: ready.hardState, entries: ready.entries });
    this.recordPersist(ready, this.timers.now() - startedMs);
  }

  private recordPersist(ready: Ready, elapsedMs: number): void {
    this.statistics.fsyncCount += 1;
    this.statistics.fsyncMsTotal += elapsedMs;
    this.statistics.fsyncMsMax = Math.max(this.statistics.fsyncMsMax, elapsedMs);
    this.statistics.entriesPersisted += ready.entries.length;
    if (ready.hardState !== null) this.persistedHardState = ready.hardState;
  }

  /**
   * The commit index in the hard state may lag on disk (it is re-learned from the
   * leader), so a Ready whose only change is a higher commit costs no fsync: it is
   * written with the next entries instead.
   */
  private termOrVoteChanged(ready: Ready): boolean {
    const next = ready.hardState;
    if (next === null) return false;
    return next.term !== this.persistedHardState.term || next.vote !== this.persistedHardState.vote;
  }

  /** A snapshot from the leader replaces our state: reset the log, restore the FSM, then carry on. */
  private async installSnapshot(ready: Ready, meta: SnapshotMeta): Promise<void> {
    try {
      this.store.resetTo(meta);
      this.persist(ready);
      await this.snapshotter.restore(meta);
      this.appliedIndexValue = meta.index;
      this.appliedConfiguration = { configuration: meta.configuration, index: meta.configurationIndex };
      this.failProposalsUpTo(meta.index);
      this.finishReady(ready);
      this.appliedWaiters.check(this);
    } catch (error: unknown) {
      // The snapshot was durable when we accepted it; failing to restore it leaves
      // this replica unable to continue safely.
      this.logger.error(
        { id: this.id, error: String(error), index: meta.index },
        'restoring a received snapshot failed',
      );
      throw error;
    } finally {
      this.installingSnapshot = false;
      this.scheduleProcessing();
    }
  }

  private finishReady(ready: Ready): void {
    this.sendAll(ready.messages);
    if (ready.softState !== null) this.changeSoftState(ready.softState);
    this.applyCommitted(ready.committedEntries);
    for (const readState of ready.readStates) this.reads.resolve(readState.requestId, readState.index);
    this.core.advance(ready);
  }

  protected sendAll(messages: readonly Message[]): void {
    for (const message of messages) {
      const address = this.addressOf(message.to);
      if (address === undefined) {
        this.logger.debug({ id: this.id, to: message.to, type: message.type }, 'no address for peer; message dropped');
        continue;
      }
      if (message.type === 'installSnapshot') {
        void this.snapshotter
          .send({ id: message.to, address }, message)
          .then((ok) => this.onSnapshotSent(message.to, ok));
        continue;
      }
      this.transport.send({ id: message.to, address }, message);
    }
  }

  private onSnapshotSent(peer: ServerId, ok: boolean): void {
    if (this.stopped) return;
    this.core.reportSnapshot(peer, ok);
    this.scheduleProcessing();
  }

  private changeSoftState(next: SoftState): void {
    const previous = this.softState;
    this.softState = next;
    if (previous.role === 'leader' && next.role !== 'leader') {
      // Reads waiting for confirmation cannot be answered by a deposed leader.
      this.reads.rejectAll(
        new RaftError('leadership-lost', 'leadership lost before the read was confirmed', this.leader),
      );
    }
    if (previous.leaderId !== next.leaderId || (previous.term !== next.term && next.role === 'leader')) {
      this.statistics.leaderChanges += 1;
      const change: LeaderChange = { term: next.term, leader: this.leader, isSelf: next.leaderId === this.id };
      this.logger.info({ id: this.id, term: next.term, leader: next.leaderId, role: next.role }, 'leader changed');
      this.leaderChanges.emit(change);
    }
    this.appliedWaiters.check(this);
  }

  // -------------------------------------------------------------------------
  // Applying
  // -------------------------------------------------------------------------

  private applyCommitted(entries: readonly LogEntry[]): void {
    let start = 0;
    while (start < entries.length) {
      const first = entries[start];
      assert(first !== undefined, 'entry in range');
      assert(
        first.index === this.appliedIndexValue + 1,
        `apply in order: expected ${this.appliedIndexValue + 1}, got ${first.index}`,
      );
      if (first.type !== 'command') {
        this.applyControlEntry(first);
        start += 1;
        continue;
      }
      let end = start + 1;
      while (end < entries.length && entries[end]?.type === 'command') end += 1;
      this.applyCommands(entries.slice(start, end));
      start = end;
    }
    if (entries.length > 0) this.afterApply();
  }

  private applyCommands(commands: readonly LogEntry[]): void {
    const results = isBatchingFSM(this.fsm)
      ? this.fsm.applyBatch(commands)
      : commands.map((entry) => this.fsm.apply(entry));
    assert(results.length === commands.length, 'one FSM result per command');
    commands.forEach((entry, position) => {
      this.appliedIndexValue = entry.index;
      this.settleProposal(entry, results[position]);
    });
  }

  private applyControlEntry(entry: LogEntry): void {
    if (entry.type === 'configuration') {
      this.appliedConfiguration = { configuration: decodeConfiguration(entry.data), index: entry.index };
      for (const server of this.appliedConfiguration.configuration.servers)
        this.addresses.set(server.id, server.address);
    }
    this.appliedIndexValue = entry.index;
    this.settleProposal(entry, undefined);
  }

  private settleProposal(entry: LogEntry, result: unknown): void {
    const term = this.proposals.tag(entry.index);
    if (term === undefined) return;
    if (term === entry.term) this.proposals.resolve(entry.index, result);
    else
      this.proposals.reject(
        entry.index,
        new RaftError(
          'leadership-lost',
          `entry ${entry.index} was replaced by another leader's entry; the command was not applied`,
          this.leader,
        ),
      );
  }

  /** Proposals overtaken by an installed snapshot: whether they were applied is unknown. */
  private failProposalsUpTo(index: number): void {
    for (const key of this.proposals.keys()) {
      if (key > index) break;
      this.proposals.reject(
        key,
        new RaftError(
          'leadership-lost',
          `entry ${key} was covered by a snapshot from the leader; its outcome is unknown`,
          this.leader,
        ),
      );
    }
  }

  private afterApply(): void {
    for (let i = this.readsAwaitingApply.length - 1; i >= 0; i -= 1) {
      const read = this.readsAwaitingApply[i];
      if (read !== undefined && read.index <= this.appliedIndexValue) {
        this.readsAwaitingApply.splice(i, 1);
        read.resolve(read.index);
      }
    }
    this.appliedWaiters.check(this);
  }

  private snapshotPoint(): { index: number; term: number; configuration: Configuration; configurationIndex: number } {
    const index = this.appliedIndexValue;
    const term = this.store.term(index);
    assert(term !== undefined, `term of the applied index ${index} is in the log`);
    return {
      index,
      term,
      configuration: this.appliedConfiguration.configuration,
      configurationIndex: this.appliedConfiguration.index,
    };
  }

  private maybeSnapshot(): void {
    if (!this.snapshotter.due(this.appliedIndexValue)) return;
    this.snapshotter.take(this.snapshotPoint(), false).catch((error: unknown) => {
      this.logger.error({ id: this.id, error: String(error) }, 'taking a snapshot failed');
    });
  }

  // -------------------------------------------------------------------------
  // Helpers
  // -------------------------------------------------------------------------

  private addressOf(id: ServerId): ServerAddress | undefined {
    const known = this.addresses.get(id);
    if (known !== undefined) return known;
    const server = this.core.status().configuration.servers.find((s) => s.id === id);
    if (server !== undefined) this.addresses.set(id, server.address);
    return server?.address;
  }

  /** The core knows leader ids; callers want addresses. */
  private withLeaderAddress(error: unknown): unknown {
    if (!(error instanceof RaftError) || error.leader === null || error.leader.address !== '') return error;
    const address = this.addressOf(error.leader.id) ?? '';
    return new RaftError(error.code, error.message, { id: error.leader.id, address });
  }

  private assertNotStopped(): void {
    if (this.stopped) throw new RaftError('shutdown', 'raft node is shut down');
  }

  private assertRunning(): void {
    this.assertNotStopped();
    if (!this.started) throw new RaftError('shutdown', 'raft node is not started');
  }
}

interface NodeStart {
  readonly appliedIndex: number;
  readonly snapshot: SnapshotMeta | null;
  readonly configuration: { configuration: Configuration; index: number };
}

/** Restore the FSM from the newest snapshot unless it already holds that much. */
async function loadStart(options: RaftNodeOptions): Promise<NodeStart> {
  const snapshots = await options.snapshots.list();
  const newest = snapshots[0] ?? null;
  const fsmApplied = options.fsm.appliedIndex?.() ?? 0;
  let appliedIndex = 0;
  if (newest !== null && fsmApplied < newest.index) {
    await options.fsm.restore(await options.snapshots.open(newest.id));
    appliedIndex = newest.index;
  } else {
    appliedIndex = fsmApplied;
  }
  // An FSM ahead of the log (its entries lost) would be unsafe to continue from.
  const lastIndex = options.store.lastIndex();
  if (appliedIndex > lastIndex) {
    throw new RaftError(
      'snapshot-failed',
      `the FSM has applied index ${appliedIndex} but the log ends at ${lastIndex}: the stores do not belong together`,
    );
  }
  const configuration =
    newest !== null
      ? { configuration: newest.configuration, index: newest.configurationIndex }
      : { configuration: { servers: [] }, index: 0 };
  return {
    appliedIndex,
    snapshot: newest,
    configuration: latestAppliedConfiguration(options.store, configuration, appliedIndex),
  };
}

/** The newest configuration entry at or below the applied index (scanning the log after the snapshot). */
function latestAppliedConfiguration(
  store: RaftStore,
  fromSnapshot: { configuration: Configuration; index: number },
  appliedIndex: number,
): { configuration: Configuration; index: number } {
  let found = fromSnapshot;
  let next = Math.max(store.firstIndex(), fromSnapshot.index + 1);
  while (next <= appliedIndex) {
    const batch = store.entries(next, appliedIndex + 1, 4 * 1024 * 1024);
    if (batch.length === 0) break;
    for (const entry of batch) {
      if (entry.type === 'configuration')
        found = { configuration: decodeConfiguration(entry.data), index: entry.index };
    }
    const last = batch[batch.length - 1];
    assert(last !== undefined, 'non-empty batch');
    next = last.index + 1;
  }
  return found;
}
