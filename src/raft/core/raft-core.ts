/**
 * The pure Raft core (etcd-raft's raft.go + rawnode.go in one class, with the
 * bookkeeping in log.ts, progress.ts, quorum.ts, read-only.ts, configuration.ts).
 * Messages and ticks in; one Ready out at a time (see the contract in types.ts).
 */
import { collapseSuccessfulAcks } from './coalesce.js';
import type { CoreConfig } from '../config.js';
import { assert, RaftError } from '../errors.js';
import type {
  AppendEntriesMessage,
  AppendEntriesResponseMessage,
  Configuration,
  EntryType,
  HardState,
  HeartbeatMessage,
  HeartbeatResponseMessage,
  InstallSnapshotMessage,
  InstallSnapshotResponseMessage,
  LogEntry,
  Message,
  RaftRole,
  ReadState,
  Ready,
  RequestVoteMessage,
  RequestVoteResponseMessage,
  ServerId,
  SnapshotMeta,
  SoftState,
} from '../types.js';
import { decodeConfiguration, encodeConfiguration, isVoter, voters } from '../types.js';
import type { ConfigurationChange, CoreOptions, CoreStatus, ProposalReceipt, RaftCoreApi } from './api.js';
import { applyChange, ConfigurationHistory, findServer, promote } from './configuration.js';
import type { IndexedConfiguration } from './configuration.js';
import { RaftLog } from './log.js';
import { Progress } from './progress.js';
import { hasQuorum, quorumValue, voteResult } from './quorum.js';
import { ReadOnlyQueue } from './read-only.js';

/** Bounds the memory of one Ready's committedEntries. */
export const committedEntriesBytesMax = 4 * 1024 * 1024;
/** Reads waiting for a quorum or for the first commit of the term. */
export const pendingReadsMax = 65_536;
const restartScanBytesMax = 4 * 1024 * 1024;

type Envelope = { readonly from: ServerId; readonly to: ServerId; readonly term: number };
type Outgoing<M extends Message> = M extends Message ? Omit<M, 'from' | 'term'> & { term?: number } : never;

export class RaftCore implements RaftCoreApi {
  private readonly id: ServerId;
  private readonly config: CoreConfig;
  private readonly random: () => number;
  private readonly log: RaftLog;
  private readonly configurations: ConfigurationHistory;

  private role: RaftRole = 'follower';
  private term: number;
  private vote: ServerId | null;
  private leaderId: ServerId | null = null;
  private electionElapsed = 0;
  private heartbeatElapsed = 0;
  private randomizedElectionTicks = 0;
  private ticks = 0;
  /** Follower: the highest index known committed and matching the leader (capped by what is durable). */
  private commitHint = 0;

  private votes = new Map<ServerId, boolean>();
  private progress = new Map<ServerId, Progress>();
  private readonly readOnly = new ReadOnlyQueue(pendingReadsMax);
  private readsAwaitingCommit: number[] = [];
  private transferTarget: ServerId | null = null;
  private transferElapsed = 0;
  private readonly pendingPromotions = new Set<ServerId>();
  private latestSnapshot: SnapshotMeta | null;

  private messagesBeforePersist: Message[] = [];
  private messages: Message[] = [];
  private readStates: ReadState[] = [];
  private lastSoftState: SoftState;
  private lastHardState: HardState;
  /** Index of the last committed entry handed out in a Ready (not yet advanced). */
  private applying: number;
  private readyOutstanding = false;
  /**
   * Leader work coalesced until the next ready(): many acks or reads in one turn of
   * the shell's event loop cost one commit broadcast and one heartbeat round.
   */
  private commitBroadcastPending = false;
  private appendBroadcastPending = false;
  private readHeartbeatPending = false;

  constructor(options: CoreOptions) {
    this.id = options.id;
    this.config = options.config;
    this.random = options.random;
    const snapshotIndex = options.snapshot?.index ?? 0;
    const committed = Math.max(options.hardState.commit, options.appliedIndex, snapshotIndex);
    this.log = new RaftLog(options.log, committed, Math.max(options.appliedIndex, snapshotIndex));
    this.applying = this.log.applied;
    this.term = options.hardState.term;
    this.vote = options.hardState.vote;
    this.latestSnapshot = options.snapshot;
    this.configurations = new ConfigurationHistory(snapshotConfiguration(options.snapshot));
    this.loadConfigurations(options);
    this.lastHardState = { term: this.term, vote: this.vote, commit: options.hardState.commit };
    this.lastSoftState = this.softState();
    this.resetElectionTimer();
  }

  // -------------------------------------------------------------------------
  // RaftCoreApi
  // -------------------------------------------------------------------------

  tick(): void {
    this.ticks += 1;
    if (this.role === 'leader') this.tickLeader();
    else this.tickElection();
  }

  step(message: Message): void {
    if (message.to !== this.id) return;
    if (!this.checkTerm(message)) return;
    this.assertOneLeaderPerTerm(message);
    switch (message.type) {
      case 'requestVote':
        return this.handleRequestVote(message);
      case 'requestVoteResponse':
        return this.handleVoteResponse(message);
      case 'timeoutNow':
        return this.handleTimeoutNow();
      default:
        break;
    }
    if (this.role === 'leader') this.stepLeader(message);
    else this.stepFollower(message);
  }

  private assertOneLeaderPerTerm(message: Message): void {
    if (message.type !== 'appendEntries' && message.type !== 'heartbeat' && message.type !== 'installSnapshot') return;
    assert(this.role !== 'leader', `two leaders in term ${this.term}: ${this.id} and ${message.from}`);
    assert(
      this.leaderId === null || this.leaderId === message.from,
      `two leaders in term ${this.term}: ${this.leaderId ?? ''} and ${message.from}`,
    );
  }

  propose(type: EntryType, data: Uint8Array): ProposalReceipt {
    assert(type !== 'configuration', 'configuration entries go through proposeConfigurationChange');
    this.requireLeaderForWrite();
    if (this.log.lastIndex() - this.log.committed >= this.config.uncommittedEntriesMax) {
      throw new RaftError('too-large', `${this.config.uncommittedEntriesMax} entries are already waiting for commit`);
    }
    return this.appendAsLeader(type, data);
  }

  proposeConfigurationChange(change: ConfigurationChange): ProposalReceipt {
    this.requireLeaderForWrite();
    if (this.configurationChangePending()) {
      throw new RaftError('configuration-change-in-progress', 'a configuration change is not committed yet');
    }
    const current = this.configurations.latest().configuration;
    const existing = findServer(current, change.id);
    if (change.type === 'addVoter' && existing?.suffrage !== 'voter') {
      this.pendingPromotions.add(change.id);
      if (existing !== undefined && existing.address === change.address) {
        // Already a non-voter: the promotion waits until it has caught up.
        this.maybePromote();
        return { index: this.log.lastIndex(), term: this.log.lastTerm() };
      }
    }
    if (change.type === 'demoteVoter' || change.type === 'removeServer') this.pendingPromotions.delete(change.id);
    const next = applyChange(current, change);
    if (voters(next).length === 0) throw new RaftError('invalid-config', 'a configuration needs at least one voter');
    return this.appendConfiguration(next);
  }

  readIndex(requestId: number): void {
    if (this.role !== 'leader') throw this.notLeader();
    if (this.readsAwaitingCommit.length + this.readOnly.size() >= pendingReadsMax) {
      throw new RaftError('too-large', `${pendingReadsMax} reads are already waiting`);
    }
    if (!this.committedInCurrentTerm()) {
      this.readsAwaitingCommit.push(requestId);
      return;
    }
    this.startRead(requestId);
  }

  transferLeadership(target: ServerId | null): void {
    if (this.role !== 'leader') throw this.notLeader();
    const chosen = target ?? this.mostUpToDateVoter();
    if (chosen === null) throw new RaftError('unknown-server', 'no other voter to hand leadership to');
    if (chosen === this.id) return;
    if (!isVoter(this.configuration(), chosen))
      throw new RaftError('unknown-server', `server ${chosen} is not a voter`);
    if (this.transferTarget === chosen) return;
    this.transferTarget = chosen;
    this.transferElapsed = 0;
    this.sendTimeoutNowIfCaughtUp(chosen);
  }

  campaign(): void {
    if (this.role === 'leader') return;
    this.startCampaign(this.config.preVote ? 'pre' : 'real', false);
  }

  reportSnapshot(peer: ServerId, success: boolean): void {
    const progress = this.progress.get(peer);
    if (this.role !== 'leader' || progress === undefined || progress.state !== 'snapshot') return;
    if (!success) progress.pendingSnapshot = 0;
    progress.becomeProbe();
    // Wait for the follower's answer (or a heartbeat response) before probing again.
    progress.probeSent = true;
  }

  reportUnreachable(peer: ServerId): void {
    const progress = this.progress.get(peer);
    if (this.role !== 'leader' || progress === undefined) return;
    if (progress.state === 'replicate') progress.becomeProbe();
  }

  snapshotTaken(meta: SnapshotMeta): void {
    assert(meta.index <= this.log.applied, 'a snapshot covers applied entries only');
    if (this.latestSnapshot === null || meta.index >= this.latestSnapshot.index) this.latestSnapshot = meta;
  }

  hasReady(): boolean {
    if (this.readyOutstanding) return false;
    return (
      this.commitBroadcastPending ||
      this.appendBroadcastPending ||
      this.readHeartbeatPending ||
      this.messagesBeforePersist.length > 0 ||
      this.messages.length > 0 ||
      this.readStates.length > 0 ||
      this.log.hasUnstable() ||
      this.log.snapshotPending() !== null ||
      !sameSoftState(this.softState(), this.lastSoftState) ||
      !sameHardState(this.hardState(), this.lastHardState) ||
      this.log.committed > this.applying
    );
  }

  ready(): Ready {
    assert(!this.readyOutstanding, 'advance() must be called before the next ready()');
    this.flushCoalesced();
    const softState = this.softState();
    const hardState = this.hardState();
    const committedEntries = this.log.committedAfter(this.applying, committedEntriesBytesMax);
    const ready: Ready = {
      softState: sameSoftState(softState, this.lastSoftState) ? null : softState,
      hardState: sameHardState(hardState, this.lastHardState) ? null : hardState,
      entries: this.log.unstableEntries(),
      snapshot: this.log.snapshotPending(),
      messagesBeforePersist: this.messagesBeforePersist,
      messages: collapseSuccessfulAcks(this.messages),
      committedEntries,
      readStates: this.readStates,
    };
    this.messagesBeforePersist = [];
    this.messages = [];
    this.readStates = [];
    this.applying = committedEntries[committedEntries.length - 1]?.index ?? this.applying;
    this.readyOutstanding = true;
    return ready;
  }

  advance(ready: Ready): void {
    assert(this.readyOutstanding, 'advance() follows ready()');
    this.readyOutstanding = false;
    if (ready.softState !== null) this.lastSoftState = ready.softState;
    if (ready.hardState !== null) this.lastHardState = ready.hardState;
    if (ready.snapshot !== null) this.afterSnapshotRestored(ready.snapshot);
    const lastEntry = ready.entries[ready.entries.length - 1];
    if (lastEntry !== undefined) this.log.stableTo(lastEntry.index, lastEntry.term);
    const lastApplied = ready.committedEntries[ready.committedEntries.length - 1];
    if (lastApplied !== undefined) {
      assert(
        lastApplied.index === this.log.applied + ready.committedEntries.length,
        'committed entries are applied in order, once',
      );
      this.log.applied = lastApplied.index;
    }
    this.applying = Math.max(this.applying, this.log.applied);
    assert(this.log.applied <= this.log.committed, 'applied never exceeds commit');
    if (this.role === 'leader') this.leaderAfterPersist();
    else this.followerCommit();
  }

  status(): CoreStatus {
    const latest = this.configurations.latest();
    const progress =
      this.role !== 'leader'
        ? []
        : [...this.progress.entries()].map(([id, p]) => ({
            id,
            matchIndex: p.match,
            nextIndex: p.next,
            state: p.state,
            recentActive: this.recentlyActive(p),
          }));
    return {
      id: this.id,
      role: this.role,
      term: this.term,
      vote: this.vote,
      leaderId: this.leaderId,
      commitIndex: this.log.committed,
      appliedIndex: this.log.applied,
      lastIndex: this.log.lastIndex(),
      configuration: latest.configuration,
      configurationIndex: latest.index,
      progress,
      leadershipTransferTarget: this.transferTarget,
    };
  }

  // -------------------------------------------------------------------------
  // Restart, state and role changes
  // -------------------------------------------------------------------------

  private loadConfigurations(options: CoreOptions): void {
    const from = Math.max(options.log.firstIndex(), this.configurations.latest().index + 1);
    const last = options.log.lastIndex();
    for (let index = from; index <= last;) {
      const batch = options.log.entries(index, last + 1, restartScanBytesMax);
      assert(batch.length > 0, 'the log reader returns entries in its range');
      for (const entry of batch) {
        if (entry.type === 'configuration') this.configurations.add(entry.index, decodeConfiguration(entry.data));
      }
      index += batch.length;
    }
  }

  private configuration(): Configuration {
    return this.configurations.latest().configuration;
  }

  private voterIds(): ServerId[] {
    return voters(this.configuration());
  }

  private promotable(): boolean {
    return isVoter(this.configuration(), this.id) && this.log.snapshotPending() === null;
  }

  private softState(): SoftState {
    return { role: this.role, term: this.term, leaderId: this.leaderId };
  }

  private hardState(): HardState {
    return { term: this.term, vote: this.vote, commit: this.log.committed };
  }

  private resetElectionTimer(): void {
    this.electionElapsed = 0;
    this.heartbeatElapsed = 0;
    const spread = Math.floor(this.random() * this.config.electionTicks);
    this.randomizedElectionTicks = this.config.electionTicks + Math.min(spread, this.config.electionTicks - 1);
  }

  private resetTerm(term: number): void {
    if (term !== this.term) {
      assert(term > this.term, 'terms never go backwards');
      this.term = term;
      this.vote = null;
    }
    this.leaderId = null;
    this.votes = new Map();
    this.resetElectionTimer();
    this.abortTransfer();
    this.readOnly.reset();
    this.readsAwaitingCommit = [];
    this.pendingPromotions.clear();
  }

  private becomeFollower(term: number, leaderId: ServerId | null): void {
    this.resetTerm(term);
    this.role = 'follower';
    this.leaderId = leaderId;
    this.progress = new Map();
  }

  private becomePreCandidate(): void {
    assert(this.role !== 'leader', 'a leader does not pre-campaign');
    // Pre-vote changes neither term nor vote: a failed pre-election leaves no trace.
    this.votes = new Map();
    this.role = 'precandidate';
    this.leaderId = null;
    this.resetElectionTimer();
  }

  private becomeCandidate(): void {
    assert(this.role !== 'leader', 'a leader does not campaign');
    this.resetTerm(this.term + 1);
    this.vote = this.id;
    this.role = 'candidate';
  }

  private becomeLeader(): void {
    assert(this.role === 'candidate', 'only a candidate becomes leader');
    assert(this.vote === this.id, 'a leader voted for itself in its term');
    this.resetTerm(this.term);
    this.role = 'leader';
    this.leaderId = this.id;
    this.progress = new Map();
    this.syncProgress();
    this.appendAsLeader('noop', new Uint8Array(0));
  }

  /** Progress entries follow the latest configuration: one per other server. */
  private syncProgress(): void {
    const servers = this.configuration()
      .servers.map((server) => server.id)
      .filter((id) => id !== this.id);
    for (const id of [...this.progress.keys()]) if (!servers.includes(id)) this.progress.delete(id);
    for (const id of servers) {
      if (!this.progress.has(id)) {
        const progress = new Progress(this.log.lastIndex() + 1);
        progress.trackedSinceTick = this.ticks;
        this.progress.set(id, progress);
      }
    }
    if (this.transferTarget !== null && !this.progress.has(this.transferTarget)) this.abortTransfer();
  }

  private abortTransfer(): void {
    this.transferTarget = null;
    this.transferElapsed = 0;
  }

  // -------------------------------------------------------------------------
  // Ticks
  // -------------------------------------------------------------------------

  private tickElection(): void {
    this.electionElapsed += 1;
    if (this.electionElapsed < this.randomizedElectionTicks) return;
    this.electionElapsed = 0;
    if (this.promotable()) this.startCampaign(this.config.preVote ? 'pre' : 'real', false);
    // Silent for an election timeout: whoever led is no longer known to lead.
    else this.leaderId = null;
  }

  private tickLeader(): void {
    this.heartbeatElapsed += 1;
    if (this.config.checkQuorum && !this.quorumActive()) {
      this.becomeFollower(this.term, null);
      return;
    }
    if (this.transferTarget !== null) {
      this.transferElapsed += 1;
      if (this.transferElapsed >= this.config.leadershipTransferTicks) this.abortTransfer();
    }
    if (this.heartbeatElapsed >= this.config.heartbeatTicks) {
      this.heartbeatElapsed = 0;
      this.broadcastHeartbeat();
    }
    this.maybePromote();
  }

  /** Heard from within the last election timeout. */
  private recentlyActive(progress: Progress): boolean {
    return this.ticks - Math.max(progress.lastHeardTick, progress.trackedSinceTick) < this.config.electionTicks;
  }

  /** Check-quorum: a majority of voters (counting ourselves) were heard from within an election timeout. */
  private quorumActive(): boolean {
    return hasQuorum(this.voterIds(), (id) => {
      const progress = this.progress.get(id);
      return id === this.id || (progress !== undefined && this.recentlyActive(progress));
    });
  }

  /** Lease: a majority heard from recently enough that none of them can have voted for another leader. */
  private leaseValid(): boolean {
    // The window stays a heartbeat interval short of the election timeout: followers measure
    // their silence from when our heartbeat arrived, which is earlier than when we heard back.
    const windowTicks = this.config.electionTicks - this.config.heartbeatTicks;
    return hasQuorum(
      this.voterIds(),
      (id) => id === this.id || (this.progress.get(id)?.lastHeardTick ?? -Infinity) >= this.ticks - windowTicks,
    );
  }

  // -------------------------------------------------------------------------
  // Elections
  // -------------------------------------------------------------------------

  private startCampaign(kind: 'pre' | 'real', leadershipTransfer: boolean): void {
    if (!this.promotable()) return;
    if (kind === 'pre') this.becomePreCandidate();
    else this.becomeCandidate();
    const preVote = kind === 'pre';
    this.votes.set(this.id, true);
    if (this.afterVote()) return;
    const term = preVote ? this.term + 1 : this.term;
    for (const id of this.voterIds()) {
      if (id === this.id) continue;
      this.send({
        type: 'requestVote',
        to: id,
        term,
        preVote,
        leadershipTransfer,
        lastLogIndex: this.log.lastIndex(),
        lastLogTerm: this.log.lastTerm(),
      });
    }
  }

  /** Count the votes; returns true when the election is decided. */
  private afterVote(): boolean {
    const result = voteResult(this.voterIds(), this.votes);
    if (result === 'pending') return false;
    if (result === 'lost') {
      this.becomeFollower(this.term, null);
      return true;
    }
    if (this.role === 'precandidate') this.startCampaign('real', false);
    else this.becomeLeader();
    return true;
  }

  private handleRequestVote(message: RequestVoteMessage): void {
    const granted = this.canGrantVote(message);
    if (granted && !message.preVote) {
      this.vote = message.from;
      this.electionElapsed = 0;
    }
    // A granted pre-vote answers in the asked term, so the pre-candidate can count it.
    const term = granted ? message.term : this.term;
    this.send({ type: 'requestVoteResponse', to: message.from, term, preVote: message.preVote, granted });
  }

  private canGrantVote(message: RequestVoteMessage): boolean {
    if (!isVoter(this.configuration(), this.id)) return false;
    if (!this.log.isUpToDate(message.lastLogIndex, message.lastLogTerm)) return false;
    if (message.preVote) {
      return message.term > this.term && !this.heardFromLeaderRecently();
    }
    return this.vote === message.from || (this.vote === null && this.leaderId === null);
  }

  /** A leader (or a follower of one) heard within the election timeout: the basis of leases. */
  private heardFromLeaderRecently(): boolean {
    if (this.role === 'leader') return true;
    return this.leaderId !== null && this.electionElapsed < this.config.electionTicks;
  }

  private handleVoteResponse(message: RequestVoteResponseMessage): void {
    const expected = message.preVote ? 'precandidate' : 'candidate';
    if (this.role !== expected) return;
    this.votes.set(message.from, message.granted);
    this.afterVote();
  }

  private handleTimeoutNow(): void {
    if (this.role === 'leader') return;
    this.startCampaign('real', true);
  }

  /** Term rules of the paper and etcd. Returns false when the message must not be handled further. */
  private checkTerm(message: Message): boolean {
    if (message.term > this.term) return this.onHigherTerm(message);
    if (message.term < this.term) {
      this.onLowerTerm(message);
      return false;
    }
    return true;
  }

  private onHigherTerm(message: Message): boolean {
    if (message.type === 'requestVote') {
      if (this.config.checkQuorum && this.heardFromLeaderRecently() && !message.leadershipTransfer) return false;
      if (message.preVote) return true;
    }
    if (message.type === 'requestVoteResponse' && message.preVote && message.granted) return true;
    const fromLeader =
      message.type === 'appendEntries' || message.type === 'heartbeat' || message.type === 'installSnapshot';
    this.becomeFollower(message.term, fromLeader ? message.from : null);
    return true;
  }

  private onLowerTerm(message: Message): void {
    const fromStaleLeader = message.type === 'appendEntries' || message.type === 'heartbeat';
    if (fromStaleLeader && (this.config.checkQuorum || this.config.preVote)) {
      // The stale leader may be cut off from everyone else: tell it our term so it steps down.
      this.send({
        type: 'appendEntriesResponse',
        to: message.from,
        success: false,
        matchIndex: 0,
        rejectHint: 0,
        rejectHintTerm: 0,
      });
    } else if (message.type === 'requestVote' && message.preVote) {
      this.send({ type: 'requestVoteResponse', to: message.from, preVote: true, granted: false });
    }
  }

  // -------------------------------------------------------------------------
  // Follower side
  // -------------------------------------------------------------------------

  private stepFollower(message: Message): void {
    switch (message.type) {
      case 'appendEntries':
      case 'heartbeat':
      case 'installSnapshot':
        if (this.role !== 'follower') this.becomeFollower(this.term, message.from);
        this.electionElapsed = 0;
        this.leaderId = message.from;
        break;
      default:
        return;
    }
    if (message.type === 'appendEntries') this.handleAppend(message);
    else if (message.type === 'heartbeat') this.handleHeartbeat(message);
    else this.handleInstallSnapshot(message);
  }

  private handleAppend(message: AppendEntriesMessage): void {
    if (message.prevLogIndex < this.log.committed) {
      this.send({
        type: 'appendEntriesResponse',
        to: message.from,
        success: true,
        matchIndex: this.log.committed,
        rejectHint: 0,
        rejectHintTerm: 0,
      });
      return;
    }
    const result = this.log.maybeAppend(message.prevLogIndex, message.prevLogTerm, message.entries);
    if (result === undefined) {
      const hint = this.log.findConflictByTerm(message.prevLogIndex, message.prevLogTerm);
      this.send({
        type: 'appendEntriesResponse',
        to: message.from,
        success: false,
        matchIndex: 0,
        rejectHint: hint.index,
        rejectHintTerm: hint.term,
      });
      return;
    }
    this.trackConfigurations(result.written);
    this.commitHint = Math.max(this.commitHint, Math.min(message.leaderCommit, result.lastNewIndex));
    this.followerCommit();
    this.send({
      type: 'appendEntriesResponse',
      to: message.from,
      success: true,
      matchIndex: result.lastNewIndex,
      rejectHint: 0,
      rejectHintTerm: 0,
    });
  }

  private handleHeartbeat(message: HeartbeatMessage): void {
    // The leader sends commit = min(its commit, our match), so it is in our log and matches.
    this.commitHint = Math.max(this.commitHint, message.commit);
    this.followerCommit();
    this.sendBeforePersist({ type: 'heartbeatResponse', to: message.from, context: message.context });
  }

  private handleInstallSnapshot(message: InstallSnapshotMessage): void {
    const meta = message.snapshot;
    const reply = (lastIndex: number): void => {
      this.send({ type: 'installSnapshotResponse', to: message.from, success: true, lastIndex });
    };
    if (meta.index <= this.log.committed) return reply(this.log.committed);
    if (this.log.matchTerm(meta.index, meta.term)) {
      this.commitHint = Math.max(this.commitHint, meta.index);
      this.followerCommit();
      return reply(meta.index);
    }
    this.log.restore(meta);
    this.commitHint = meta.index;
    this.configurations.reset({ index: meta.configurationIndex, configuration: meta.configuration });
    reply(meta.index);
  }

  private followerCommit(): void {
    const target = Math.min(this.commitHint, this.log.durableLastIndex());
    if (this.log.commitTo(target)) this.configurations.compact(this.log.committed);
  }

  private afterSnapshotRestored(meta: SnapshotMeta): void {
    this.log.snapshotRestored(meta);
    if (this.latestSnapshot === null || meta.index > this.latestSnapshot.index) this.latestSnapshot = meta;
    this.applying = Math.max(this.applying, meta.index);
  }

  /** Entries written to our log: configurations take effect now, truncated ones are forgotten. */
  private trackConfigurations(written: readonly LogEntry[]): void {
    const first = written[0];
    if (first === undefined) return;
    this.configurations.truncateFrom(first.index);
    for (const entry of written) {
      if (entry.type === 'configuration') this.configurations.add(entry.index, decodeConfiguration(entry.data));
    }
    if (this.role === 'leader') this.syncProgress();
  }

  // -------------------------------------------------------------------------
  // Leader side
  // -------------------------------------------------------------------------

  private stepLeader(message: Message): void {
    const progress = this.progress.get(message.from);
    if (progress === undefined) return;
    switch (message.type) {
      case 'appendEntriesResponse':
        return this.handleAppendResponse(message, progress);
      case 'heartbeatResponse':
        return this.handleHeartbeatResponse(message, progress);
      case 'installSnapshotResponse':
        return this.handleSnapshotResponse(message, progress);
      default:
        return;
    }
  }

  private heardFrom(progress: Progress): void {
    progress.lastHeardTick = this.ticks;
  }

  private handleAppendResponse(message: AppendEntriesResponseMessage, progress: Progress): void {
    this.heardFrom(progress);
    if (!message.success) {
      const hint =
        message.rejectHintTerm > 0
          ? this.log.findConflictByTerm(message.rejectHint, message.rejectHintTerm).index
          : message.rejectHint;
      progress.decreaseTo(hint);
      this.sendAppend(message.from, progress, false);
      return;
    }
    this.afterAck(message.from, progress, message.matchIndex);
  }

  private afterAck(id: ServerId, progress: Progress, matchIndex: number): void {
    const updated = progress.maybeUpdate(matchIndex);
    if (progress.state === 'replicate') progress.freeInflightsTo(matchIndex);
    if (updated) {
      if (progress.state === 'probe') progress.becomeReplicate();
      else if (progress.state === 'snapshot' && progress.match >= progress.pendingSnapshot) {
        progress.becomeProbe();
        progress.becomeReplicate();
      }
      if (this.maybeCommit()) this.commitBroadcastPending = true;
    }
    if (this.role !== 'leader') return;
    // More entries, and the commit index for a follower that missed a broadcast, go out at the next ready().
    this.appendBroadcastPending = true;
    if (this.transferTarget === id) this.sendTimeoutNowIfCaughtUp(id);
    this.maybePromote();
  }

  private handleHeartbeatResponse(message: HeartbeatResponseMessage, progress: Progress): void {
    this.heardFrom(progress);
    if (progress.state === 'probe') progress.probeSent = false;
    if (progress.state === 'replicate' && progress.isPaused(this.config.inflightMessagesMax))
      progress.freeFirstInflight();
    // An empty append at our optimistic next index makes a follower that lost messages reject, which repairs it.
    if (progress.match < this.log.lastIndex()) this.sendAppend(message.from, progress, true);
    this.readOnly.ack(message.from, message.context);
    this.releaseReads();
  }

  private handleSnapshotResponse(message: InstallSnapshotResponseMessage, progress: Progress): void {
    this.heardFrom(progress);
    if (!message.success) {
      if (progress.state === 'snapshot') this.reportSnapshot(message.from, false);
      return;
    }
    if (progress.state === 'snapshot') {
      progress.maybeUpdate(message.lastIndex);
      progress.becomeProbe();
    }
    this.afterAck(message.from, progress, message.lastIndex);
  }

  /** After persistence our own log counts towards commit. */
  private leaderAfterPersist(): void {
    if (this.maybeCommit()) this.commitBroadcastPending = true;
  }

  /** Send what acks and reads of this turn asked for: the new commit index, one heartbeat round. */
  private flushCoalesced(): void {
    const commitBroadcast = this.commitBroadcastPending;
    const appendBroadcast = this.appendBroadcastPending;
    const readHeartbeat = this.readHeartbeatPending;
    this.commitBroadcastPending = false;
    this.appendBroadcastPending = false;
    this.readHeartbeatPending = false;
    if (this.role !== 'leader') return;
    if (commitBroadcast || appendBroadcast) {
      for (const [id, progress] of this.progress) this.sendPending(id, progress, commitBroadcast);
    }
    if (readHeartbeat) this.broadcastHeartbeat();
  }

  /** New entries as far as flow control allows, then the commit index if the follower lacks it. */
  private sendPending(id: ServerId, progress: Progress, commitBroadcast: boolean): void {
    while (this.role === 'leader' && this.sendAppend(id, progress, false));
    const commitKnown = commitBroadcast ? this.log.committed : Math.min(this.log.committed, progress.match);
    if (this.role === 'leader' && progress.sentCommit < commitKnown) this.sendAppend(id, progress, true);
  }

  /** Commit the highest index a majority of voters hold durably, if it is from this term. */
  private maybeCommit(): boolean {
    const durable = this.log.durableLastIndex();
    // A majority of followers can hold an entry before the leader's own fsync
    // (it runs in parallel): the commit still waits for it, because this
    // replica applies what it commits and must never apply beyond its durable log.
    const candidate = Math.min(
      durable,
      quorumValue(this.voterIds(), (id) => (id === this.id ? durable : (this.progress.get(id)?.match ?? 0))),
    );
    if (candidate <= this.log.committed || this.log.term(candidate) !== this.term) return false;
    const hadCurrentTermCommit = this.committedInCurrentTerm();
    this.log.commitTo(candidate);
    this.configurations.compact(this.log.committed);
    if (!hadCurrentTermCommit) this.startAwaitingReads();
    this.stepDownIfRemoved();
    return true;
  }

  /** A leader removed or demoted keeps leading until that change commits, then leaves. */
  private stepDownIfRemoved(): void {
    const latest = this.configurations.latest();
    if (latest.index > this.log.committed || isVoter(latest.configuration, this.id)) return;
    // Followers learn the commit of our removal before we go silent.
    this.broadcastAppend(true);
    this.becomeFollower(this.term, null);
  }

  private committedInCurrentTerm(): boolean {
    return this.log.term(this.log.committed) === this.term;
  }

  private configurationChangePending(): boolean {
    return this.configurations.latest().index > this.log.committed;
  }

  private requireLeaderForWrite(): void {
    if (this.role !== 'leader') throw this.notLeader();
    if (this.transferTarget !== null) {
      throw new RaftError('leadership-transfer-in-progress', `leadership is being handed to ${this.transferTarget}`);
    }
  }

  private notLeader(): RaftError {
    const leaderId = this.leaderId;
    if (leaderId === null) return new RaftError('not-leader', 'not the leader, and no leader is known');
    const address = findServer(this.configuration(), leaderId)?.address ?? '';
    return new RaftError('not-leader', `not the leader; the leader is ${leaderId}`, { id: leaderId, address });
  }

  private appendAsLeader(type: EntryType, data: Uint8Array): ProposalReceipt {
    const entry: LogEntry = { index: this.log.lastIndex() + 1, term: this.term, type, data };
    this.log.append([entry]);
    if (type === 'configuration') this.trackConfigurations([entry]);
    // Sent at the next ready(): every proposal of this turn travels in one append per follower.
    this.appendBroadcastPending = true;
    // A single voter commits on its own once the entry is durable (in advance()).
    return { index: entry.index, term: entry.term };
  }

  private appendConfiguration(configuration: Configuration): ProposalReceipt {
    return this.appendAsLeader('configuration', encodeConfiguration(configuration));
  }

  /** Promote one caught-up non-voter that was added as a voter, when no other change is pending. */
  private maybePromote(): void {
    if (this.role !== 'leader' || this.transferTarget !== null || this.configurationChangePending()) return;
    for (const id of this.pendingPromotions) {
      const server = findServer(this.configuration(), id);
      const progress = this.progress.get(id);
      if (server === undefined || server.suffrage === 'voter' || progress === undefined) {
        this.pendingPromotions.delete(id);
        continue;
      }
      const caughtUp =
        progress.match >= this.configurations.latest().index &&
        progress.match + this.config.promotionLagMax >= this.log.lastIndex();
      if (!caughtUp) continue;
      this.pendingPromotions.delete(id);
      this.appendConfiguration(promote(this.configuration(), id));
      return;
    }
  }

  private mostUpToDateVoter(): ServerId | null {
    let best: ServerId | null = null;
    let bestMatch = -1;
    for (const id of this.voterIds()) {
      const match = this.progress.get(id)?.match ?? -1;
      if (id !== this.id && match > bestMatch) {
        best = id;
        bestMatch = match;
      }
    }
    return best;
  }

  private sendTimeoutNowIfCaughtUp(target: ServerId): void {
    const progress = this.progress.get(target);
    if (progress === undefined) return;
    if (progress.match === this.log.lastIndex()) this.sendBeforePersist({ type: 'timeoutNow', to: target });
    else this.sendAppend(target, progress, false);
  }

  // -------------------------------------------------------------------------
  // Replication
  // -------------------------------------------------------------------------

  private broadcastAppend(sendIfEmpty: boolean): void {
    for (const [id, progress] of this.progress) this.sendAppend(id, progress, sendIfEmpty);
  }

  /** Send the next append (or a snapshot) to one follower if flow control allows. */
  private sendAppend(to: ServerId, progress: Progress, sendIfEmpty: boolean): boolean {
    if (progress.isPaused(this.config.inflightMessagesMax)) return false;
    const prevLogIndex = progress.next - 1;
    const prevLogTerm = this.log.term(prevLogIndex);
    if (prevLogTerm === undefined || progress.next < this.log.firstIndex()) return this.sendSnapshot(to, progress);
    const entries = this.log.entries(progress.next, this.log.lastIndex() + 1, {
      bytesMax: this.config.appendBytesMax,
      countMax: this.config.appendEntriesMax,
    });
    if (entries.length === 0 && !sendIfEmpty) return false;
    this.sendBeforePersist({
      type: 'appendEntries',
      to,
      prevLogIndex,
      prevLogTerm,
      entries,
      leaderCommit: this.log.committed,
    });
    progress.sentAppend(entries[entries.length - 1]?.index ?? prevLogIndex);
    progress.sentCommit = Math.max(progress.sentCommit, this.log.committed);
    return true;
  }

  private sendSnapshot(to: ServerId, progress: Progress): boolean {
    const snapshot = this.latestSnapshot;
    assert(snapshot !== null, 'a compacted log always has a snapshot behind it');
    this.sendBeforePersist({ type: 'installSnapshot', to, snapshot });
    progress.becomeSnapshot(snapshot.index);
    return true;
  }

  private broadcastHeartbeat(): void {
    const context = this.readOnly.currentContext();
    for (const [to, progress] of this.progress) {
      const commit = Math.min(this.log.committed, progress.match);
      this.sendBeforePersist({ type: 'heartbeat', to, commit, context });
    }
  }

  // -------------------------------------------------------------------------
  // Reads
  // -------------------------------------------------------------------------

  private startRead(requestId: number): void {
    const index = this.log.committed;
    const onlyVoter = this.voterIds().every((id) => id === this.id);
    // During a transfer the target may win an election before we hear of it: no lease then.
    const leaseRead =
      this.config.readMode === 'lease' && this.config.checkQuorum && this.transferTarget === null && this.leaseValid();
    if (onlyVoter || leaseRead) {
      this.readStates.push({ requestId, index });
      return;
    }
    this.readOnly.add(requestId, index);
    this.readHeartbeatPending = true;
  }

  private startAwaitingReads(): void {
    const waiting = this.readsAwaitingCommit;
    this.readsAwaitingCommit = [];
    for (const requestId of waiting) this.startRead(requestId);
  }

  private releaseReads(): void {
    this.readStates.push(...this.readOnly.takeConfirmed(this.voterIds(), this.id));
  }

  // -------------------------------------------------------------------------
  // Output
  // -------------------------------------------------------------------------

  /** Messages that may leave before this Ready is persisted (they promise nothing durable). */
  private sendBeforePersist(message: Outgoing<Message>): void {
    this.messagesBeforePersist.push(this.envelope(message));
  }

  /** Messages that leave only after this Ready is persisted (votes, acks). */
  private send(message: Outgoing<Message>): void {
    this.messages.push(this.envelope(message));
  }

  private envelope(message: Outgoing<Message>): Message {
    const envelope: Envelope = { from: this.id, to: message.to, term: message.term ?? this.term };
    return { ...message, ...envelope } as Message;
  }
}

function snapshotConfiguration(snapshot: SnapshotMeta | null): IndexedConfiguration | null {
  if (snapshot === null || snapshot.configuration.servers.length === 0) return null;
  return { index: snapshot.configurationIndex, configuration: snapshot.configuration };
}

function sameSoftState(a: SoftState, b: SoftState): boolean {
  return a.role === b.role && a.term === b.term && a.leaderId === b.leaderId;
}

function sameHardState(a: HardState, b: HardState): boolean {
  return a.term === b.term && a.vote === b.vote && a.commit === b.commit;
}
