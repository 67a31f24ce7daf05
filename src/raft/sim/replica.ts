/**
 * One simulated server: the pure core plus a shell that follows the Ready
 * contract (types.ts) over a simulated disk and network, takes snapshots of the
 * key-value state machine, streams them in chunks, and answers clients. A crash
 * drops everything volatile; a restart rebuilds the core from the durable state.
 */
import type { CoreConfig } from '../config.js';
import type { CoreOptions, RaftCoreApi } from '../core/api.js';
import { assert, isRaftError } from '../errors.js';
import { decodeConfiguration, encodeConfiguration, type Configuration, type LogEntry, type Message, type Ready, type ServerId, type SnapshotMeta } from '../types.js';
import type { Invariants } from './invariants.js';
import type { KvInput, KvOutput } from './kv-model.js';
import type { Packet } from './network.js';
import type { Random } from './random.js';
import { SimKv, encodeCommand } from './sim-kv.js';
import { SimStore } from './sim-store.js';

export type CreateCore = (options: CoreOptions) => RaftCoreApi;

/** What a server tells a client: the result, or a definite "not done here" (safe to retry elsewhere). */
export type ClientReply =
  | { readonly type: 'done'; readonly output: KvOutput }
  | { readonly type: 'rejected'; readonly leader: ServerId | null };

/** Deliberate shell bugs, to prove the simulator catches them. */
export interface ShellBugs {
  /** Apply entries as soon as they are appended, before they commit. */
  readonly applyUncommitted?: boolean;
  /** Send votes and acknowledgements before the write they depend on is synced. */
  readonly ackBeforePersist?: boolean;
  /** Answer reads from the local state machine at once, on any server, without a read index. */
  readonly readLocally?: boolean;
}

export interface ReplicaEnvironment {
  readonly config: CoreConfig;
  readonly createCore: CreateCore;
  readonly invariants: Invariants;
  readonly random: Random;
  readonly bugs: ShellBugs;
  /** Apply entries every this many entries. */
  readonly snapshotEvery: number;
  readonly trailingEntries: number;
  readonly snapshotChunkBytes: number;
  readonly snapshotTimeoutMs: number;
  now(): number;
  send(from: ServerId, to: ServerId, packet: Packet): void;
  /** Run `action` after `delayMs` of virtual time (skipped if this replica crashed meanwhile). */
  later(replica: Replica, delayMs: number, label: string, action: () => void): void;
  /** Probability that a crash strikes between a write and its sync (fault phase only). */
  crashBeforeSyncProbability(): number;
  /** How long the fsync of this write takes in the background; 0: it syncs at once. */
  syncDelayMs(): number;
  crashed(replica: Replica): void;
  trace(line: string): void;
  configurationApplied(configuration: Configuration, index: number): void;
}

interface PendingProposal {
  readonly term: number;
  readonly reply: (reply: ClientReply) => void;
}

interface PendingRead {
  readonly key: string;
  index: number | null;
  readonly reply: (reply: ClientReply) => void;
}

const readyRoundsMax = 64;
const pendingProposalsMax = 4096;
const incomingSnapshotsMax = 4;

export class Replica {
  readonly store = new SimStore();
  private core: RaftCoreApi | null = null;
  private kv = new SimKv();
  private appliedIndex = 0;
  private lastSnapshotIndex = 0;
  private appliedConfiguration: { configuration: Configuration; index: number } = { configuration: { servers: [] }, index: 0 };
  private proposals = new Map<number, PendingProposal>();
  private reads = new Map<number, PendingRead>();
  private readSequence = 0;
  private incoming = new Map<string, (Uint8Array | undefined)[]>();
  private sendingSnapshotTo = new Set<ServerId>();
  /** Bumped by every crash, so work scheduled before it is dropped. */
  incarnation = 0;
  /** A Ready's write is syncing in the background; its Ready is outstanding. */
  private syncing = false;
  decommissioned = false;
  readonly statistics = { snapshotsTaken: 0, snapshotsInstalled: 0, crashes: 0, crashesBeforeSync: 0 };

  constructor(readonly id: ServerId, private readonly environment: ReplicaEnvironment) {}

  get running(): boolean {
    return this.core !== null;
  }

  get status(): ReturnType<RaftCoreApi['status']> | null {
    return this.core?.status() ?? null;
  }

  /** First start of a founding member: the first configuration at index 1, as bootstrapCluster writes it. */
  bootstrap(configuration: Configuration): void {
    const entry: LogEntry = { index: 1, term: 1, type: 'configuration', data: encodeConfiguration(configuration) };
    this.store.write({ hardState: { term: 1, vote: null, commit: 0 }, entries: [entry] });
    this.store.sync();
  }

  /** Start (or restart) from the durable state. */
  start(): void {
    assert(this.core === null && !this.decommissioned, `${this.id} started twice or after decommissioning`);
    const snapshot = this.store.snapshot();
    this.kv = new SimKv();
    if (snapshot !== null) this.kv.restore(snapshot.data);
    this.appliedIndex = snapshot?.meta.index ?? 0;
    this.lastSnapshotIndex = this.appliedIndex;
    this.appliedConfiguration = snapshot === null ? { configuration: { servers: [] }, index: 0 }
      : { configuration: snapshot.meta.configuration, index: snapshot.meta.configurationIndex };
    this.environment.invariants.restored(this.id, snapshot?.meta ?? null);
    const random = this.environment.random.fork();
    this.core = this.environment.createCore({
      id: this.id, config: this.environment.config, log: this.store, hardState: this.store.hardState(),
      snapshot: snapshot?.meta ?? null, appliedIndex: this.appliedIndex, random: () => random.next(),
    });
    this.environment.trace(`start ${this.id} applied=${this.appliedIndex} last=${this.store.lastIndex()}`);
  }

  /** Power loss: the core, the state machine, pending client work and unsynced writes are gone. */
  crash(): void {
    if (this.core === null) return;
    this.core = null;
    this.store.crash();
    this.proposals = new Map();
    this.reads = new Map();
    this.incoming = new Map();
    this.sendingSnapshotTo = new Set();
    this.syncing = false;
    this.incarnation += 1;
    this.statistics.crashes += 1;
    this.environment.trace(`crash ${this.id}`);
    this.environment.crashed(this);
  }

  tick(): void {
    this.core?.tick();
    this.process();
  }

  /** Run `action` against the live core; a RaftError from it is returned rather than thrown. */
  withCore(action: (core: RaftCoreApi) => void): string | null {
    if (this.core === null) return 'down';
    try {
      action(this.core);
    } catch (error: unknown) {
      if (isRaftError(error)) return error.code;
      throw error;
    }
    this.process();
    return null;
  }

  receive(packet: Packet): void {
    if (this.core === null) return;
    if (packet.kind === 'raft') this.core.step(packet.message);
    else if (packet.kind === 'chunk') this.receiveChunk(packet);
    else this.snapshotSent(packet.from, packet.snapshotId);
    this.process();
  }

  // -------------------------------------------------------------------------
  // Clients
  // -------------------------------------------------------------------------

  request(input: KvInput, reply: (reply: ClientReply) => void): void {
    const core = this.core;
    if (core === null) return reply({ type: 'rejected', leader: null });
    if (input.op === 'get' && this.environment.bugs.readLocally) return reply({ type: 'done', output: { op: 'get', value: this.kv.get(input.key) } });
    try {
      if (input.op === 'get') {
        const requestId = ++this.readSequence;
        core.readIndex(requestId);
        this.reads.set(requestId, { key: input.key, index: null, reply });
      } else {
        assert(this.proposals.size < pendingProposalsMax, 'pending proposals are bounded');
        const receipt = core.propose('command', encodeCommand(input));
        this.proposals.get(receipt.index)?.reply({ type: 'rejected', leader: null });
        this.proposals.set(receipt.index, { term: receipt.term, reply });
      }
    } catch (error: unknown) {
      if (!isRaftError(error)) throw error;
      return reply({ type: 'rejected', leader: error.leader?.id ?? core.status().leaderId });
    }
    this.process();
  }

  // -------------------------------------------------------------------------
  // The Ready loop
  // -------------------------------------------------------------------------

  private process(): void {
    // A Ready whose write is still syncing is outstanding: the core keeps taking
    // messages, but the next Ready waits for advance(), as in the node.
    if (this.syncing) return;
    for (let round = 0; round < readyRoundsMax && this.core !== null && this.core.hasReady(); round += 1) {
      if (!this.handleReady(this.core, this.core.ready())) return;
    }
    if (this.core !== null && this.appliedIndex - this.lastSnapshotIndex >= this.environment.snapshotEvery) this.takeSnapshot(this.core);
  }

  /** False when the rest of the Ready waits for a background sync (or the replica crashed). */
  private handleReady(core: RaftCoreApi, ready: Ready): boolean {
    this.sendAll(ready.messagesBeforePersist);
    if (this.environment.bugs.ackBeforePersist) this.sendAll(ready.messages);
    if (ready.snapshot !== null) this.installSnapshot(ready.snapshot);
    if (ready.hardState !== null || ready.entries.length > 0 || ready.snapshot !== null) {
      this.environment.invariants.appended(this.id, ready.entries);
      this.store.write({ hardState: ready.hardState, entries: ready.entries });
      if (this.environment.random.chance(this.environment.crashBeforeSyncProbability())) {
        this.statistics.crashesBeforeSync += 1;
        this.crash();
        return false;
      }
      const delayMs = ready.snapshot === null ? this.environment.syncDelayMs() : 0;
      if (delayMs > 0) {
        this.syncing = true;
        this.environment.later(this, delayMs, `sync ${this.id}`, () => {
          this.syncing = false;
          this.store.sync();
          this.finishReady(core, ready);
          this.process();
        });
        return false;
      }
      this.store.sync();
    }
    this.finishReady(core, ready);
    return true;
  }

  private finishReady(core: RaftCoreApi, ready: Ready): void {
    if (ready.snapshot !== null) this.restoreFromSnapshot(ready.snapshot);
    if (!this.environment.bugs.ackBeforePersist) this.sendAll(ready.messages);
    if (ready.softState?.role === 'leader') {
      this.environment.invariants.leaderElected(this.id, ready.softState.term);
      this.environment.invariants.leaderLog(this.id, ready.softState.term, this.store);
    }
    if (this.environment.bugs.applyUncommitted) this.applyAll(this.store.entries(this.appliedIndex + 1, this.store.lastIndex() + 1, Infinity));
    this.applyAll(ready.committedEntries);
    for (const state of ready.readStates) {
      const read = this.reads.get(state.requestId);
      if (read !== undefined) read.index = state.index;
    }
    this.answerReads();
    core.advance(ready);
  }

  private applyAll(entries: readonly LogEntry[]): void {
    for (const entry of entries) {
      if (entry.index <= this.appliedIndex) continue;
      this.environment.invariants.applied(this.id, entry);
      this.appliedIndex = entry.index;
      const output = this.applyEntry(entry);
      const proposal = this.proposals.get(entry.index);
      if (proposal === undefined) continue;
      this.proposals.delete(entry.index);
      // Another term's entry at our index means ours was overwritten: it never took effect.
      proposal.reply(entry.term === proposal.term && output !== null ? { type: 'done', output } : { type: 'rejected', leader: null });
    }
    this.answerReads();
  }

  private applyEntry(entry: LogEntry): KvOutput | null {
    if (entry.type === 'command') return this.kv.apply(entry.data);
    if (entry.type === 'configuration') {
      this.appliedConfiguration = { configuration: decodeConfiguration(entry.data), index: entry.index };
      this.environment.configurationApplied(this.appliedConfiguration.configuration, entry.index);
    }
    return null;
  }

  private answerReads(): void {
    for (const [requestId, read] of this.reads) {
      if (read.index === null || read.index > this.appliedIndex) continue;
      this.reads.delete(requestId);
      read.reply({ type: 'done', output: { op: 'get', value: this.kv.get(read.key) } });
    }
  }

  private sendAll(messages: readonly Message[]): void {
    for (const message of messages) {
      if (message.type === 'installSnapshot') this.streamSnapshot(message);
      else this.environment.send(this.id, message.to, { kind: 'raft', message });
    }
  }

  // -------------------------------------------------------------------------
  // Snapshots
  // -------------------------------------------------------------------------

  private takeSnapshot(core: RaftCoreApi): void {
    const term = this.store.term(this.appliedIndex);
    assert(term !== undefined, `${this.id}: applied index ${this.appliedIndex} is in the log`);
    const data = this.kv.serialize();
    const meta: SnapshotMeta = {
      id: `${this.id}-${this.appliedIndex}-${term}`, index: this.appliedIndex, term,
      configuration: this.appliedConfiguration.configuration, configurationIndex: this.appliedConfiguration.index, size: data.byteLength,
    };
    this.store.saveOwnSnapshot({ meta, data });
    core.snapshotTaken(meta);
    this.store.compact(this.appliedIndex - this.environment.trailingEntries);
    this.lastSnapshotIndex = this.appliedIndex;
    this.statistics.snapshotsTaken += 1;
    this.environment.trace(`snapshot ${this.id} at ${meta.index}`);
  }

  private streamSnapshot(message: Message & { type: 'installSnapshot' }): void {
    const snapshot = this.store.snapshot();
    const peer = message.to;
    if (snapshot === null || snapshot.meta.id !== message.snapshot.id || this.sendingSnapshotTo.has(peer)) {
      this.environment.later(this, 1, `snapshot-refused ${this.id}>${peer}`, () => this.withCore((live) => live.reportSnapshot(peer, false)));
      return;
    }
    this.sendingSnapshotTo.add(peer);
    const chunkBytes = this.environment.snapshotChunkBytes;
    const parts = Math.max(1, Math.ceil(snapshot.data.byteLength / chunkBytes));
    for (let part = 0; part < parts; part += 1) {
      const data = snapshot.data.subarray(part * chunkBytes, (part + 1) * chunkBytes);
      this.environment.send(this.id, peer, { kind: 'chunk', from: this.id, header: message, part, parts, data });
    }
    this.environment.later(this, this.environment.snapshotTimeoutMs, `snapshot-timeout ${this.id}>${peer}`, () => {
      if (!this.sendingSnapshotTo.delete(peer)) return;
      this.withCore((live) => live.reportSnapshot(peer, false));
    });
  }

  private snapshotSent(peer: ServerId, snapshotId: string): void {
    if (!this.sendingSnapshotTo.delete(peer)) return;
    this.environment.trace(`snapshot-sent ${this.id}>${peer} ${snapshotId}`);
    this.core?.reportSnapshot(peer, true);
  }

  private receiveChunk(packet: Packet & { kind: 'chunk' }): void {
    const key = `${packet.from}/${packet.header.snapshot.id}`;
    const parts = this.incoming.get(key) ?? new Array<Uint8Array | undefined>(packet.parts).fill(undefined);
    parts[packet.part] = packet.data;
    this.incoming.set(key, parts);
    // Streams whose chunks were lost are abandoned by their senders; keep only the newest few.
    while (this.incoming.size > incomingSnapshotsMax) this.incoming.delete(this.incoming.keys().next().value as string);
    if (parts.some((part) => part === undefined)) return;
    this.incoming.delete(key);
    this.store.saveReceivedSnapshot({ meta: packet.header.snapshot, data: Buffer.concat(parts as Uint8Array[]) });
    this.environment.send(this.id, packet.from, { kind: 'chunkAck', from: this.id, snapshotId: packet.header.snapshot.id });
    this.core?.step(packet.header);
  }

  private installSnapshot(meta: SnapshotMeta): void {
    const snapshot = this.store.receivedSnapshot(meta.id);
    assert(snapshot !== undefined, `${this.id}: the core installs snapshot ${meta.id}, which was never received durably`);
    this.store.installSnapshot(snapshot);
  }

  private restoreFromSnapshot(meta: SnapshotMeta): void {
    const snapshot = this.store.snapshot();
    assert(snapshot !== null && snapshot.meta.id === meta.id, `${this.id}: snapshot ${meta.id} is installed`);
    this.kv.restore(snapshot.data);
    this.appliedIndex = meta.index;
    this.lastSnapshotIndex = meta.index;
    this.appliedConfiguration = { configuration: meta.configuration, index: meta.configurationIndex };
    // The snapshot covers these indexes: their proposals' fates are unknown here.
    for (const index of [...this.proposals.keys()]) if (index <= meta.index) this.proposals.delete(index);
    this.environment.invariants.restored(this.id, meta);
    this.statistics.snapshotsInstalled += 1;
    this.environment.trace(`install ${this.id} at ${meta.index}`);
  }
}
