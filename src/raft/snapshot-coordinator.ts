/**
 * The node's snapshot work, kept out of the node's main loop: taking snapshots
 * of the FSM and compacting the log behind them, streaming snapshots to followers
 * in chunks (one stream per follower at a time), receiving them durably, and
 * restoring the FSM from one.
 */
import type { RaftConfig } from './config.js';
import { assert, RaftError } from './errors.js';
import type { FSM, RaftLogger, RaftStore, SnapshotStore, Transport } from './interfaces.js';
import type { Timers } from './timers.js';
import type { Configuration, InstallSnapshotMessage, ServerAddress, ServerId, SnapshotMeta } from './types.js';

export interface SnapshotCoordinatorOptions {
  readonly id: ServerId;
  readonly config: RaftConfig;
  readonly store: RaftStore;
  readonly snapshots: SnapshotStore;
  readonly fsm: FSM;
  readonly transport: Transport;
  readonly logger: RaftLogger;
  /** For measurements only (virtual in the simulator). */
  readonly timers: Timers;
  readonly lastSnapshot: SnapshotMeta | null;
  /** Called once a snapshot is published and before the log is compacted behind it. */
  readonly onTaken: (meta: SnapshotMeta) => void;
}

export interface SnapshotPoint {
  readonly index: number;
  readonly term: number;
  readonly configuration: Configuration;
  readonly configurationIndex: number;
}

export class SnapshotCoordinator {
  private lastIndex: number;
  private taking: Promise<SnapshotMeta | null> | null = null;
  private readonly sending = new Set<ServerId>();
  private stopped = false;

  constructor(private readonly options: SnapshotCoordinatorOptions) {
    this.lastIndex = options.lastSnapshot?.index ?? 0;
  }

  get lastSnapshotIndex(): number {
    return this.lastIndex;
  }

  /** True when enough entries were applied since the last snapshot and none is being taken. */
  due(appliedIndex: number): boolean {
    return (
      !this.stopped && this.taking === null && appliedIndex - this.lastIndex >= this.options.config.snapshotThreshold
    );
  }

  /**
   * Capture the FSM now (synchronously, at `point`), write it out, then compact the
   * log keeping `trailingLogs` entries. Resolves null when one is already running
   * and `force` is false.
   */
  take(point: SnapshotPoint, force: boolean): Promise<SnapshotMeta | null> {
    if (this.taking !== null) return force ? this.taking.then(() => this.take(point, true)) : Promise.resolve(null);
    if (point.index <= this.lastIndex && !force) return Promise.resolve(null);
    const captured = this.options.fsm.snapshot();
    this.taking = this.write(point, captured).finally(() => {
      this.taking = null;
    });
    return this.taking;
  }

  private async write(point: SnapshotPoint, captured: ReturnType<FSM['snapshot']>): Promise<SnapshotMeta> {
    const startedMs = this.options.timers.now();
    try {
      const sink = await this.options.snapshots.create(point);
      try {
        await captured.persist(sink);
      } catch (error: unknown) {
        await sink.cancel();
        throw new RaftError('snapshot-failed', `writing the snapshot at ${point.index} failed: ${String(error)}`);
      }
      const meta = await sink.close();
      this.lastIndex = Math.max(this.lastIndex, meta.index);
      if (!this.stopped) this.options.onTaken(meta);
      this.compact(meta);
      this.options.logger.info(
        {
          id: this.options.id,
          index: meta.index,
          bytes: meta.size,
          ms: Math.round(this.options.timers.now() - startedMs),
        },
        'snapshot taken',
      );
      return meta;
    } finally {
      captured.release();
    }
  }

  private compact(meta: SnapshotMeta): void {
    const upTo = meta.index - this.options.config.trailingLogs;
    const store = this.options.store;
    if (upTo < store.firstIndex()) return;
    const term = store.term(upTo);
    assert(term !== undefined, `compaction point ${upTo} is in the log`);
    store.compact(upTo, term);
  }

  /** Stream the snapshot named in `message` to a follower. Resolves true once the follower has it durably. */
  async send(peer: { id: ServerId; address: ServerAddress }, message: InstallSnapshotMessage): Promise<boolean> {
    if (this.sending.has(peer.id) || this.stopped) return false;
    this.sending.add(peer.id);
    try {
      const source = await this.options.snapshots.open(message.snapshot.id);
      await this.options.transport.sendSnapshot(peer, { message }, source.chunks());
      this.options.logger.info({ id: this.options.id, to: peer.id, index: message.snapshot.index }, 'snapshot sent');
      return true;
    } catch (error: unknown) {
      this.options.logger.warn({ id: this.options.id, to: peer.id, error: String(error) }, 'sending a snapshot failed');
      return false;
    } finally {
      this.sending.delete(peer.id);
    }
  }

  /** Write a snapshot streamed by the leader into the local store; returns its local meta once durable. */
  async receive(remote: SnapshotMeta, chunks: AsyncIterable<Uint8Array>): Promise<SnapshotMeta> {
    const sink = await this.options.snapshots.create({
      index: remote.index,
      term: remote.term,
      configuration: remote.configuration,
      configurationIndex: remote.configurationIndex,
    });
    let bytes = 0;
    try {
      for await (const chunk of chunks) {
        bytes += chunk.byteLength;
        if (bytes > remote.size)
          throw new RaftError('snapshot-failed', `snapshot stream longer than its declared ${remote.size} bytes`);
        await sink.write(chunk);
      }
      if (bytes !== remote.size)
        throw new RaftError('snapshot-failed', `snapshot stream of ${bytes} bytes, declared ${remote.size}`);
    } catch (error: unknown) {
      await sink.cancel();
      throw error;
    }
    const local = await sink.close();
    this.lastIndex = Math.max(this.lastIndex, local.index);
    return local;
  }

  /** Replace the FSM's state with a local snapshot. */
  async restore(meta: SnapshotMeta): Promise<void> {
    const source = await this.options.snapshots.open(meta.id);
    await this.options.fsm.restore(source);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.taking !== null) await this.taking.catch(() => undefined);
  }
}
