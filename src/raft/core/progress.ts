/**
 * The leader's view of one follower's log, and the flow control of what it sends:
 * probe (one message at a time until a match is found), replicate (a bounded
 * pipeline of optimistic appends) and snapshot (waiting for an install).
 */
import { assert } from '../errors.js';

export type ProgressState = 'probe' | 'replicate' | 'snapshot';

export class Progress {
  /** Highest index known to be durably replicated on the follower. */
  match = 0;
  /** Next index to send. */
  next: number;
  state: ProgressState = 'probe';
  /** Probe: a message is out and we wait for its answer (or a heartbeat response). */
  probeSent = false;
  /** Snapshot: the index of the snapshot being installed. */
  pendingSnapshot = 0;
  /** The highest commit index sent to this follower in an append. */
  sentCommit = 0;
  /** Tick of the last message heard from this follower (check-quorum and leases). */
  lastHeardTick = Number.NEGATIVE_INFINITY;
  /** Tick at which the leader started tracking this follower: check-quorum grants it a grace period from there. */
  trackedSinceTick = Number.NEGATIVE_INFINITY;
  /** Replicate: the last index of each append in flight, oldest first. */
  private readonly inflight: number[] = [];

  constructor(next: number) {
    assert(next >= 1, 'progress next index starts at 1 or later');
    this.next = next;
  }

  inflightCount(): number {
    return this.inflight.length;
  }

  isPaused(inflightMessagesMax: number): boolean {
    if (this.state === 'probe') return this.probeSent;
    if (this.state === 'replicate') return this.inflight.length >= inflightMessagesMax;
    return true;
  }

  becomeProbe(): void {
    const resumeAfter = this.state === 'snapshot' ? Math.max(this.match, this.pendingSnapshot) : this.match;
    this.reset('probe');
    this.next = resumeAfter + 1;
  }

  becomeReplicate(): void {
    this.reset('replicate');
    this.next = this.match + 1;
  }

  becomeSnapshot(snapshotIndex: number): void {
    this.reset('snapshot');
    this.pendingSnapshot = snapshotIndex;
  }

  /** An append or snapshot acknowledged `index`. Returns whether match moved forward. */
  maybeUpdate(index: number): boolean {
    const updated = index > this.match;
    if (updated) {
      this.match = index;
      this.probeSent = false;
    }
    this.next = Math.max(this.next, index + 1);
    return updated;
  }

  /** An append message ending at `lastIndex` (or an empty probe at next - 1) went out. */
  sentAppend(lastIndex: number): void {
    if (this.state === 'replicate') {
      this.next = lastIndex + 1;
      this.inflight.push(lastIndex);
      return;
    }
    assert(this.state === 'probe', 'appends are not sent while a snapshot is pending');
    this.probeSent = true;
  }

  /** Appends up to `index` were answered: their pipeline slots are free. */
  freeInflightsTo(index: number): void {
    while (this.inflight.length > 0 && (this.inflight[0] ?? 0) <= index) this.inflight.shift();
  }

  /** A lost append can leave the pipeline full forever; a heartbeat answer frees one slot to retry. */
  freeFirstInflight(): void {
    this.inflight.shift();
  }

  /**
   * The follower rejected an append, hinting that its log matches ours at most up
   * to `hintIndex`. The response does not name the rejected message, so a stale
   * reject may move `next` lower than needed: that costs a resend, never safety.
   */
  decreaseTo(hintIndex: number): void {
    if (this.state === 'snapshot') return;
    if (this.state === 'replicate') this.becomeProbe();
    else this.next = Math.max(Math.min(this.next - 1, hintIndex + 1), this.match + 1);
    this.next = Math.max(Math.min(this.next, hintIndex + 1), this.match + 1);
    this.probeSent = false;
  }

  private reset(state: ProgressState): void {
    this.state = state;
    this.probeSent = false;
    this.pendingSnapshot = 0;
    this.inflight.length = 0;
  }
}
