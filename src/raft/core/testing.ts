/**
 * An in-memory cluster of pure cores for tests: each core has a MemoryLogStore
 * that handles Ready exactly per the contract, a toy FSM (the list of applied
 * command payloads), and one message queue the test can partition, filter and drop.
 * Deterministic: randomness comes from a seed.
 */
import type { CoreConfig } from '../config.js';
import { assert } from '../errors.js';
import type {
  Configuration,
  LogEntry,
  Message,
  ReadState,
  Ready,
  ServerId,
  SnapshotMeta,
  SoftState,
} from '../types.js';
import { encodeConfiguration } from '../types.js';
import { MemoryLogStore } from './memory-log-store.js';
import { RaftCore } from './raft-core.js';

export { MemoryLogStore } from './memory-log-store.js';

/** A small, fast, seedable PRNG (mulberry32): uniform in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = state;
    mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}

export function testCoreConfig(overrides: Partial<CoreConfig> = {}): CoreConfig {
  return {
    heartbeatTicks: 1,
    electionTicks: 10,
    preVote: true,
    checkQuorum: true,
    readMode: 'safe',
    appendEntriesMax: 64,
    appendBytesMax: 1024 * 1024,
    inflightMessagesMax: 8,
    uncommittedEntriesMax: 1000,
    promotionLagMax: 5,
    leadershipTransferTicks: 20,
    ...overrides,
  };
}

const textEncoder = new TextEncoder();
const textDecoder = new TextDecoder();

export function commandData(text: string): Uint8Array {
  return textEncoder.encode(text);
}

export interface TestNode {
  readonly id: ServerId;
  core: RaftCore;
  store: MemoryLogStore;
  /** The toy FSM: payloads of applied commands, in order. */
  applied: string[];
  appliedIndex: number;
  readStates: ReadState[];
  /** The newest snapshot this node took or installed. */
  snapshot: SnapshotMeta | null;
  down: boolean;
}

interface StoredSnapshot {
  readonly meta: SnapshotMeta;
  readonly applied: readonly string[];
}

export interface ClusterOptions {
  readonly seed?: number;
  readonly config?: Partial<CoreConfig>;
  /** Called with every message as it is delivered or dropped (scenario transcripts). */
  readonly onMessage?: (message: Message, delivered: boolean) => void;
  /** Called when a node reports a new role, term or leader (scenario transcripts). */
  readonly onSoftState?: (id: ServerId, softState: SoftState) => void;
}

/** Limits a stabilize() so a livelock fails the test instead of hanging it. */
export const stabilizeRoundsMax = 1000;

export class TestCluster {
  readonly nodes = new Map<ServerId, TestNode>();
  readonly config: CoreConfig;
  private queue: Message[] = [];
  private readonly blocked = new Set<string>();
  private dropFilter: ((message: Message) => boolean) | null = null;
  private readonly snapshots = new Map<string, StoredSnapshot>();
  private readonly seed: number;
  private seedOffset = 0;

  constructor(private readonly options: ClusterOptions = {}) {
    this.seed = options.seed ?? 1;
    this.config = testCoreConfig(options.config);
  }

  /** Nodes with a bootstrap configuration listing `voters` (the shell's job in production). */
  addVoters(ids: readonly ServerId[]): void {
    const configuration: Configuration = {
      servers: ids.map((id) => ({ id, address: `addr-${id}`, suffrage: 'voter' as const })),
    };
    for (const id of ids) {
      const store = new MemoryLogStore();
      store.persist({
        hardState: { term: 1, vote: null, commit: 0 },
        entries: [{ index: 1, term: 1, type: 'configuration', data: encodeConfiguration(configuration) }],
      });
      this.addNode(id, store);
    }
  }

  /** A fresh node with an empty log, waiting to be added by a leader. */
  addEmptyNode(id: ServerId): TestNode {
    return this.addNode(id, new MemoryLogStore());
  }

  node(id: ServerId): TestNode {
    const node = this.nodes.get(id);
    assert(node !== undefined, `no node ${id} in the test cluster`);
    return node;
  }

  leader(): TestNode | undefined {
    return [...this.nodes.values()].find((node) => !node.down && node.core.status().role === 'leader');
  }

  pending(): readonly Message[] {
    return this.queue;
  }

  // --- Faults -------------------------------------------------------------

  /** Cut `id` off from every other node (both directions). */
  isolate(id: ServerId): void {
    for (const other of this.nodes.keys()) if (other !== id) this.cut(id, other);
  }

  /** Split the cluster into the given groups; links across groups are cut. */
  partition(...groups: ServerId[][]): void {
    for (const group of groups) {
      for (const id of group) for (const other of this.nodes.keys()) if (!group.includes(other)) this.cut(id, other);
    }
  }

  cut(a: ServerId, b: ServerId): void {
    this.blocked.add(`${a}>${b}`);
    this.blocked.add(`${b}>${a}`);
  }

  heal(): void {
    this.blocked.clear();
  }

  /** Drop every message matching `filter` until cleared with null. */
  dropIf(filter: ((message: Message) => boolean) | null): void {
    this.dropFilter = filter;
  }

  /** Lose the node's volatile state; its store survives (everything in it was persisted). */
  crash(id: ServerId): void {
    const node = this.node(id);
    node.down = true;
    this.queue = this.queue.filter((message) => message.to !== id && message.from !== id);
  }

  restart(id: ServerId): void {
    const node = this.node(id);
    node.core = this.createCore(id, node.store, node.snapshot, node.appliedIndex);
    node.down = false;
  }

  // --- Driving ------------------------------------------------------------

  tick(id: ServerId, times = 1): void {
    for (let i = 0; i < times; i += 1) if (!this.node(id).down) this.node(id).core.tick();
  }

  tickAll(times = 1): void {
    for (let i = 0; i < times; i += 1) for (const node of this.nodes.values()) if (!node.down) node.core.tick();
  }

  /** Handle every pending Ready of every node (messages go to the queue). */
  processAll(): number {
    let handled = 0;
    for (const node of this.nodes.values()) {
      while (!node.down && node.core.hasReady()) {
        this.handleReady(node, node.core.ready());
        handled += 1;
      }
    }
    return handled;
  }

  /** Deliver the messages queued now (new ones wait for the next call). Returns how many left the queue. */
  deliverAll(): number {
    const batch = this.queue;
    this.queue = [];
    for (const message of batch) this.deliver(message);
    return batch.length;
  }

  /** Ready handling and delivery until nothing moves. */
  stabilize(): void {
    for (let round = 0; round < stabilizeRoundsMax; round += 1) {
      const handled = this.processAll();
      const delivered = this.deliverAll();
      if (handled === 0 && delivered === 0) return;
    }
    throw new Error(`the cluster did not stabilize within ${stabilizeRoundsMax} rounds (seed ${this.seed})`);
  }

  /** Tick everyone and stabilize, until `condition` holds; throws after `ticksMax` ticks. */
  runUntil(condition: () => boolean, ticksMax = 200): void {
    this.stabilize();
    for (let tick = 0; tick < ticksMax && !condition(); tick += 1) {
      this.tickAll();
      this.stabilize();
    }
    if (!condition()) throw new Error(`condition not reached within ${ticksMax} ticks (seed ${this.seed})`);
  }

  /** The node takes a snapshot at its applied index and compacts its log up to it. */
  snapshotAndCompact(id: ServerId): SnapshotMeta {
    const node = this.node(id);
    const status = node.core.status();
    const index = node.appliedIndex;
    const term = node.store.term(index);
    assert(term !== undefined, 'the applied index is still in the log');
    const meta: SnapshotMeta = {
      id: `${id}-${index}`,
      index,
      term,
      configuration: status.configuration,
      configurationIndex: status.configurationIndex,
      size: node.applied.length,
    };
    this.snapshots.set(meta.id, { meta, applied: node.applied.slice() });
    node.core.snapshotTaken(meta);
    node.snapshot = meta;
    node.store.compact(index, term);
    return meta;
  }

  // --- Internals ----------------------------------------------------------

  private addNode(id: ServerId, store: MemoryLogStore): TestNode {
    assert(!this.nodes.has(id), `node ${id} exists already`);
    const node: TestNode = {
      id,
      core: this.createCore(id, store, null, 0),
      store,
      applied: [],
      appliedIndex: 0,
      readStates: [],
      snapshot: null,
      down: false,
    };
    this.nodes.set(id, node);
    return node;
  }

  private createCore(
    id: ServerId,
    store: MemoryLogStore,
    snapshot: SnapshotMeta | null,
    appliedIndex: number,
  ): RaftCore {
    this.seedOffset += 1;
    return new RaftCore({
      id,
      config: this.config,
      log: store,
      hardState: store.hardState(),
      snapshot,
      appliedIndex,
      random: seededRandom(this.seed * 1000 + this.seedOffset),
    });
  }

  private handleReady(node: TestNode, ready: Ready): void {
    if (ready.softState !== null) this.options.onSoftState?.(node.id, ready.softState);
    this.queue.push(...ready.messagesBeforePersist);
    if (ready.snapshot !== null) this.restoreSnapshot(node, ready.snapshot);
    node.store.persist({ hardState: ready.hardState, entries: ready.entries });
    this.queue.push(...ready.messages);
    for (const entry of ready.committedEntries) this.apply(node, entry);
    node.readStates.push(...ready.readStates);
    node.core.advance(ready);
  }

  private restoreSnapshot(node: TestNode, meta: SnapshotMeta): void {
    const stored = this.snapshots.get(meta.id);
    assert(stored !== undefined, `snapshot ${meta.id} was streamed before it is installed`);
    node.store.resetTo(meta);
    node.applied = stored.applied.slice();
    node.appliedIndex = meta.index;
    node.snapshot = meta;
  }

  private apply(node: TestNode, entry: LogEntry): void {
    assert(entry.index === node.appliedIndex + 1, `node ${node.id} applies ${entry.index} after ${node.appliedIndex}`);
    node.appliedIndex = entry.index;
    if (entry.type === 'command') node.applied.push(textDecoder.decode(entry.data));
  }

  private deliver(message: Message): void {
    const target = this.nodes.get(message.to);
    const sender = this.nodes.get(message.from);
    const dropped =
      target === undefined ||
      target.down ||
      sender === undefined ||
      sender.down ||
      this.blocked.has(`${message.from}>${message.to}`) ||
      (this.dropFilter?.(message) ?? false);
    this.options.onMessage?.(message, !dropped);
    if (message.type === 'installSnapshot') {
      // The snapshot is streamed out of band; the sender hears how the stream ended.
      if (!dropped) target?.core.step(message);
      if (sender !== undefined && !sender.down) sender.core.reportSnapshot(message.to, !dropped);
      return;
    }
    if (!dropped) target?.core.step(message);
  }
}
