/**
 * The rules every RaftStore enforces, shared so the SQLite and in-memory stores
 * cannot drift apart. Pure functions over a read-only view of the store; each
 * broken rule is a programmer error in the caller (an assertion that stays on).
 */
import { assert } from '../errors.js';
import type { PersistBatch } from '../interfaces.js';
import type { EntryType, HardState, LogEntry, SnapshotMeta } from '../types.js';

/** What the rules read from a store before it changes anything. */
export interface LogView {
  firstIndex(): number;
  lastIndex(): number;
  term(index: number): number | undefined;
  hardState(): HardState;
}

/** Counted per entry on top of its data, so runs of empty entries are bounded too. */
export const entryOverheadBytes = 16;

/** The size `entries(low, high, bytesMax)` charges for one entry. */
export function entrySizeBytes(entry: LogEntry): number {
  return entry.data.byteLength + entryOverheadBytes;
}

const entryTypes: ReadonlySet<EntryType> = new Set<EntryType>(['command', 'noop', 'configuration']);

function isNonNegativeInteger(value: number): boolean {
  return Number.isSafeInteger(value) && value >= 0;
}

function checkEntryShape(entry: LogEntry): void {
  assert(Number.isSafeInteger(entry.index) && entry.index >= 1, `entry index ${entry.index} is a positive integer`);
  assert(
    Number.isSafeInteger(entry.term) && entry.term >= 1,
    `entry ${entry.index} has a positive integer term, got ${entry.term}`,
  );
  assert(entryTypes.has(entry.type), `entry ${entry.index} has a known type, got ${String(entry.type)}`);
  assert(entry.data instanceof Uint8Array, `entry ${entry.index} data is a Uint8Array`);
}

/** Term never goes back; a vote once cast stands for the whole term; commit never runs ahead of the log. */
export function checkHardState(previous: HardState, next: HardState, lastIndexAfter: number): void {
  assert(isNonNegativeInteger(next.term), `hard state term ${next.term} is a non-negative integer`);
  assert(isNonNegativeInteger(next.commit), `hard state commit ${next.commit} is a non-negative integer`);
  assert(next.vote === null || typeof next.vote === 'string', 'hard state vote is a server id or null');
  assert(next.term >= previous.term, `hard state term never decreases (${previous.term} -> ${next.term})`);
  if (next.term === previous.term && previous.vote !== null) {
    assert(
      next.vote === previous.vote,
      `a vote cast in term ${next.term} stands (${previous.vote} -> ${String(next.vote)})`,
    );
  }
  assert(
    next.commit <= lastIndexAfter,
    `hard state commit ${next.commit} is not ahead of the log (last index ${lastIndexAfter})`,
  );
}

/** Entries are consecutive, terms never decrease and never exceed the current term. */
function checkEntryRun(view: LogView, entries: readonly LogEntry[], currentTerm: number): void {
  const first = entries[0];
  if (first === undefined) return;
  const firstIndex = view.firstIndex();
  const lastIndex = view.lastIndex();
  assert(
    first.index >= firstIndex,
    `appended entry ${first.index} is not before the first stored index ${firstIndex} (compacted)`,
  );
  assert(
    first.index <= lastIndex + 1,
    `appended entry ${first.index} leaves no gap after the last stored index ${lastIndex}`,
  );
  let previousTerm = view.term(first.index - 1) ?? 0;
  let expectedIndex = first.index;
  for (const entry of entries) {
    checkEntryShape(entry);
    assert(entry.index === expectedIndex, `entries are consecutive: expected ${expectedIndex}, got ${entry.index}`);
    assert(
      entry.term >= previousTerm,
      `entry terms never decrease: entry ${entry.index} has term ${entry.term} after ${previousTerm}`,
    );
    assert(
      entry.term <= currentTerm,
      `entry ${entry.index} term ${entry.term} is not ahead of the current term ${currentTerm}`,
    );
    previousTerm = entry.term;
    expectedIndex += 1;
  }
}

/** Stored entries known committed may be rewritten only with the same term (i.e. unchanged). */
function checkCommittedKept(view: LogView, entries: readonly LogEntry[]): void {
  const first = entries[0];
  if (first === undefined) return;
  const lastRewritten = Math.min(view.lastIndex(), view.hardState().commit, first.index + entries.length - 1);
  for (let index = first.index; index <= lastRewritten; index += 1) {
    const incoming = entries[index - first.index];
    assert(incoming !== undefined, 'incoming entry in range');
    assert(view.term(index) === incoming.term, `committed entry ${index} is never replaced by a different term`);
  }
}

/** Checks a batch against the store it is about to change. */
export function checkPersist(view: LogView, batch: PersistBatch): void {
  const previous = view.hardState();
  const currentTerm = batch.hardState === null ? previous.term : Math.max(previous.term, batch.hardState.term);
  checkEntryRun(view, batch.entries, currentTerm);
  checkCommittedKept(view, batch.entries);
  if (batch.hardState !== null) {
    const last = batch.entries[batch.entries.length - 1];
    checkHardState(previous, batch.hardState, last === undefined ? view.lastIndex() : last.index);
  }
}

/**
 * Checks a compaction request; returns false when there is nothing to do (the
 * prefix is already gone), so compaction is idempotent.
 */
export function checkCompact(view: LogView, upTo: number, termAtUpTo: number): boolean {
  assert(isNonNegativeInteger(upTo), `compaction index ${upTo} is a non-negative integer`);
  assert(upTo <= view.lastIndex(), `compaction index ${upTo} is within the log (last index ${view.lastIndex()})`);
  if (upTo < view.firstIndex() - 1) return false;
  const storedTerm = view.term(upTo);
  assert(
    storedTerm === termAtUpTo,
    `compaction term ${termAtUpTo} matches the stored term ${String(storedTerm)} of entry ${upTo}`,
  );
  return upTo >= view.firstIndex();
}

export function checkResetTo(meta: SnapshotMeta): void {
  assert(isNonNegativeInteger(meta.index), `snapshot index ${meta.index} is a non-negative integer`);
  assert(isNonNegativeInteger(meta.term), `snapshot term ${meta.term} is a non-negative integer`);
  assert(meta.index === 0 || meta.term >= 1, `snapshot ${meta.index} has a positive term`);
}

export function checkEntriesRange(low: number, high: number, bytesMax: number): void {
  assert(Number.isSafeInteger(low) && low >= 1, `entries low ${low} is a positive integer`);
  assert(Number.isSafeInteger(high) && high >= low, `entries high ${high} is an integer not below low ${low}`);
  assert(isNonNegativeInteger(bytesMax), `entries bytesMax ${bytesMax} is a non-negative integer`);
}
