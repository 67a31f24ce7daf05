/**
 * The core's view of the log: the durable part through the LogReader, followed by
 * the entries not yet persisted (`unstable`), which shadow any durable entry at
 * the same or a higher index until the shell persists them and calls stableTo().
 */
import { assert } from '../errors.js';
import type { LogReader } from '../interfaces.js';
import type { LogEntry, SnapshotMeta } from '../types.js';

export interface AppendResult {
  /** The last index known to match the leader's log after this append. */
  readonly lastNewIndex: number;
  /** The entries actually written (from the first conflict or new index), possibly none. */
  readonly written: readonly LogEntry[];
}

export class RaftLog {
  committed: number;
  /** Handed to the shell in committedEntries and confirmed by advance(). */
  applied: number;
  private unstable: LogEntry[] = [];
  /** A snapshot received from the leader, waiting for the shell to reset the store to it. */
  private pendingSnapshot: SnapshotMeta | null = null;

  constructor(
    private readonly reader: LogReader,
    committed: number,
    applied: number,
  ) {
    assert(applied <= committed, 'applied index never exceeds the commit index');
    assert(committed <= reader.lastIndex(), 'commit index within the durable log at start');
    this.committed = committed;
    this.applied = applied;
  }

  firstIndex(): number {
    return this.pendingSnapshot === null ? this.reader.firstIndex() : this.pendingSnapshot.index + 1;
  }

  lastIndex(): number {
    const last = this.unstable[this.unstable.length - 1];
    if (last !== undefined) return last.index;
    return this.pendingSnapshot === null ? this.reader.lastIndex() : this.pendingSnapshot.index;
  }

  lastTerm(): number {
    const term = this.term(this.lastIndex());
    assert(term !== undefined, 'the last index always has a known term');
    return term;
  }

  /** The last index that is durable on this server (what an ack may claim). */
  durableLastIndex(): number {
    const first = this.unstable[0];
    if (first !== undefined) return first.index - 1;
    return this.pendingSnapshot === null ? this.reader.lastIndex() : this.pendingSnapshot.index;
  }

  /** Term of the entry at index, or undefined if compacted away or beyond the end. */
  term(index: number): number | undefined {
    const first = this.unstable[0];
    if (first !== undefined && index >= first.index) return this.unstable[index - first.index]?.term;
    if (this.pendingSnapshot !== null)
      return index === this.pendingSnapshot.index ? this.pendingSnapshot.term : undefined;
    if (index === 0) return 0;
    return this.reader.term(index);
  }

  matchTerm(index: number, term: number): boolean {
    return this.term(index) === term;
  }

  /** Entries in [low, high), at least one if any, within bytesMax and countMax. */
  entries(low: number, high: number, limits: { bytesMax: number; countMax: number }): LogEntry[] {
    assert(low >= this.firstIndex(), `entries from ${low} are compacted (first index ${this.firstIndex()})`);
    const end = Math.min(high, this.lastIndex() + 1, low + limits.countMax);
    if (low >= end) return [];
    const unstableStart = this.unstable[0]?.index ?? Number.POSITIVE_INFINITY;
    const result = low < unstableStart ? this.reader.entries(low, Math.min(end, unstableStart), limits.bytesMax) : [];
    let bytes = result.reduce((sum, entry) => sum + entry.data.byteLength, 0);
    const nextIndex = low + result.length;
    if (nextIndex < unstableStart && result.length > 0) return result;
    for (let index = Math.max(nextIndex, unstableStart); index < end; index += 1) {
      const entry = this.unstable[index - unstableStart];
      assert(entry !== undefined, 'unstable entries are contiguous');
      if (result.length > 0 && bytes + entry.data.byteLength > limits.bytesMax) break;
      bytes += entry.data.byteLength;
      result.push(entry);
    }
    return result;
  }

  /** Leader: append new entries at the end. */
  append(entries: readonly LogEntry[]): void {
    const first = entries[0];
    if (first === undefined) return;
    assert(first.index === this.lastIndex() + 1, 'leader appends are contiguous');
    this.truncateAndAppend(entries);
  }

  /**
   * Follower: the leader's entries after (prevIndex, prevTerm). Returns undefined when
   * our log does not contain prevIndex with prevTerm; otherwise truncates any
   * conflicting suffix and appends what is new.
   */
  maybeAppend(prevIndex: number, prevTerm: number, entries: readonly LogEntry[]): AppendResult | undefined {
    if (!this.matchTerm(prevIndex, prevTerm)) return undefined;
    const lastNewIndex = prevIndex + entries.length;
    const conflict = entries.findIndex((entry) => !this.matchTerm(entry.index, entry.term));
    if (conflict === -1) return { lastNewIndex, written: [] };
    const written = entries.slice(conflict);
    const firstWritten = written[0];
    assert(firstWritten !== undefined && firstWritten.index > this.committed, 'a committed entry is never overwritten');
    this.truncateAndAppend(written);
    return { lastNewIndex, written };
  }

  /**
   * Where a leader should retry after our reject of (index, term): the largest index
   * <= index whose term is <= term, so a whole divergent term is skipped at once.
   */
  findConflictByTerm(index: number, term: number): { index: number; term: number } {
    let candidate = Math.min(index, this.lastIndex());
    const floor = this.firstIndex() - 1;
    while (candidate > floor) {
      const candidateTerm = this.term(candidate);
      if (candidateTerm === undefined || candidateTerm <= term) break;
      candidate -= 1;
    }
    return { index: candidate, term: this.term(candidate) ?? 0 };
  }

  isUpToDate(lastIndex: number, lastTerm: number): boolean {
    const ourTerm = this.lastTerm();
    return lastTerm > ourTerm || (lastTerm === ourTerm && lastIndex >= this.lastIndex());
  }

  commitTo(index: number): boolean {
    if (index <= this.committed) return false;
    assert(index <= this.durableLastIndex(), `commit ${index} beyond the durable log (${this.durableLastIndex()})`);
    this.committed = index;
    return true;
  }

  hasUnstable(): boolean {
    return this.unstable.length > 0;
  }

  unstableEntries(): readonly LogEntry[] {
    return this.unstable.slice();
  }

  snapshotPending(): SnapshotMeta | null {
    return this.pendingSnapshot;
  }

  /** The shell persisted entries up to (index, term): they are no longer held in memory. */
  stableTo(index: number, term: number): void {
    const first = this.unstable[0];
    if (first === undefined || index < first.index) return;
    if (this.unstable[index - first.index]?.term !== term) return;
    this.unstable = this.unstable.slice(index - first.index + 1);
  }

  /** Follower: replace the whole log by a snapshot from the leader. */
  restore(meta: SnapshotMeta): void {
    assert(meta.index > this.committed, 'a snapshot is restored only when it is ahead of our commit index');
    this.pendingSnapshot = meta;
    this.unstable = [];
    this.committed = meta.index;
  }

  /** The shell reset the store to the snapshot and restored the FSM from it. */
  snapshotRestored(meta: SnapshotMeta): void {
    if (this.pendingSnapshot?.id !== meta.id) return;
    this.pendingSnapshot = null;
    this.applied = Math.max(this.applied, meta.index);
  }

  /** Committed, durable entries after `from`, within bytesMax (at least one if any). */
  committedAfter(from: number, bytesMax: number): LogEntry[] {
    if (this.pendingSnapshot !== null || from >= this.committed) return [];
    return this.entries(from + 1, this.committed + 1, { bytesMax, countMax: Number.MAX_SAFE_INTEGER });
  }

  private truncateAndAppend(entries: readonly LogEntry[]): void {
    const after = entries[0]?.index;
    assert(after !== undefined, 'nothing to append');
    assert(
      after <= this.lastIndex() + 1 && after >= this.firstIndex(),
      `append at ${after} leaves a gap or rewrites a snapshot`,
    );
    const first = this.unstable[0];
    if (first !== undefined && after >= first.index) {
      this.unstable = this.unstable.slice(0, after - first.index).concat(entries);
    } else {
      // Durable entries from `after` on are shadowed until the shell truncates them.
      this.unstable = entries.slice();
    }
  }
}
