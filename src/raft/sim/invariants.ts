/**
 * Raft's safety properties, checked while a simulation runs. A violation throws
 * SimulationViolation, which ends the run and names the seed.
 */
import type { LogReader } from '../interfaces.js';
import type { LogEntry, ServerId, SnapshotMeta } from '../types.js';

export class SimulationViolation extends Error {
  readonly code:
    | 'election-safety'
    | 'log-matching'
    | 'leader-completeness'
    | 'state-machine-safety'
    | 'linearizability'
    | 'liveness';
  constructor(code: SimulationViolation['code'], message: string) {
    super(`${code}: ${message}`);
    this.name = 'SimulationViolation';
    this.code = code;
  }
}

interface CommittedEntry {
  readonly term: number;
  readonly fingerprint: string;
  readonly firstAppliedBy: ServerId;
}

function fingerprint(entry: LogEntry): string {
  return `${entry.type}:${Buffer.from(entry.data).toString('base64')}`;
}

export class Invariants {
  private readonly leaders = new Map<number, ServerId>();
  /** Every entry some replica applied, by index: the committed log as the cluster has revealed it. */
  private readonly committed = new Map<number, CommittedEntry>();
  private committedMax = 0;
  private readonly appliedBy = new Map<ServerId, number>();

  get committedIndex(): number {
    return this.committedMax;
  }

  get termsWithLeader(): number {
    return this.leaders.size;
  }

  /** Election safety: at most one leader per term, over the whole run. */
  leaderElected(id: ServerId, term: number): void {
    const existing = this.leaders.get(term);
    if (existing !== undefined && existing !== id) {
      throw new SimulationViolation('election-safety', `${existing} and ${id} both led term ${term}`);
    }
    this.leaders.set(term, id);
  }

  /**
   * State machine safety and log matching on the committed prefix: every replica
   * applies the same entry at each index, each index exactly once and in order.
   */
  applied(id: ServerId, entry: LogEntry): void {
    const previous = this.appliedBy.get(id) ?? 0;
    if (entry.index !== previous + 1) {
      throw new SimulationViolation('state-machine-safety', `${id} applied index ${entry.index} after ${previous}`);
    }
    this.appliedBy.set(id, entry.index);
    const known = this.committed.get(entry.index);
    if (known === undefined) {
      this.committed.set(entry.index, { term: entry.term, fingerprint: fingerprint(entry), firstAppliedBy: id });
      this.committedMax = Math.max(this.committedMax, entry.index);
      return;
    }
    if (known.term !== entry.term || known.fingerprint !== fingerprint(entry)) {
      throw new SimulationViolation(
        'state-machine-safety',
        `${id} applied a different entry at ${entry.index} (term ${entry.term}) than ${known.firstAppliedBy} did (term ${known.term})`,
      );
    }
  }

  /**
   * Log matching against the committed prefix: an entry written anywhere with a
   * committed entry's index and term must be that very entry.
   */
  appended(id: ServerId, entries: readonly LogEntry[]): void {
    for (const entry of entries) {
      const known = this.committed.get(entry.index);
      if (known !== undefined && known.term === entry.term && known.fingerprint !== fingerprint(entry)) {
        throw new SimulationViolation(
          'log-matching',
          `${id} wrote a different entry at ${entry.index} in term ${entry.term} than the committed one`,
        );
      }
    }
  }

  /** The replica's state machine now holds everything up to the snapshot (installed or restored at restart). */
  restored(id: ServerId, meta: SnapshotMeta | null): void {
    const index = meta?.index ?? 0;
    this.appliedBy.set(id, index);
    if (meta === null) return;
    const known = this.committed.get(meta.index);
    if (known !== undefined && known.term !== meta.term) {
      throw new SimulationViolation(
        'log-matching',
        `${id} holds a snapshot at ${meta.index} of term ${meta.term}, committed term is ${known.term}`,
      );
    }
  }

  /** Leader completeness: a new leader's log holds every entry committed so far. */
  leaderLog(id: ServerId, term: number, log: LogReader): void {
    if (log.lastIndex() < this.committedMax) {
      throw new SimulationViolation(
        'leader-completeness',
        `${id} leads term ${term} with last index ${log.lastIndex()} < committed ${this.committedMax}`,
      );
    }
    for (let index = log.firstIndex() - 1; index <= this.committedMax; index += 1) {
      const known = this.committed.get(index);
      const held = log.term(index);
      if (known !== undefined && held !== undefined && held !== known.term) {
        throw new SimulationViolation(
          'leader-completeness',
          `${id} leads term ${term} with term ${held} at committed index ${index} (term ${known.term})`,
        );
      }
    }
  }
}
