/**
 * raft-ts value types shared by the pure core, the node shell, the stores, the
 * transports and the simulator. Plain data only: everything here can be copied,
 * compared and serialized.
 */

export type ServerId = string;
export type ServerAddress = string;

/** A voter counts toward quorums and elections; a non-voter only receives the log. */
export type Suffrage = 'voter' | 'nonvoter';

export interface Server {
  readonly id: ServerId;
  readonly address: ServerAddress;
  readonly suffrage: Suffrage;
}

/** The cluster membership. Takes effect on a server as soon as it is in its log (not when committed). */
export interface Configuration {
  readonly servers: readonly Server[];
}

/**
 * command: an FSM command; noop: written by each new leader and by barrier();
 * configuration: `data` is the UTF-8 JSON of a Configuration (see encodeConfiguration).
 */
export type EntryType = 'command' | 'noop' | 'configuration';

export interface LogEntry {
  readonly index: number;
  readonly term: number;
  readonly type: EntryType;
  readonly data: Uint8Array;
}

/** What must survive a restart besides the log: the current term and this term's vote. */
export interface HardState {
  readonly term: number;
  readonly vote: ServerId | null;
  /** Highest index known committed; persisted opportunistically (may lag), never ahead. */
  readonly commit: number;
}

export const emptyHardState: HardState = Object.freeze({ term: 0, vote: null, commit: 0 });

/** Describes a snapshot: the state up to and including `index`, whose entry had `term`. */
export interface SnapshotMeta {
  readonly id: string;
  readonly index: number;
  readonly term: number;
  readonly configuration: Configuration;
  /** Index of the configuration entry `configuration` came from. */
  readonly configurationIndex: number;
  /** Size in bytes of the snapshot data. */
  readonly size: number;
}

export type RaftRole = 'follower' | 'precandidate' | 'candidate' | 'leader';

// ---------------------------------------------------------------------------
// Messages between replicas. Each carries the sender's term; `from`/`to` are ids.
// ---------------------------------------------------------------------------

interface Envelope {
  readonly from: ServerId;
  readonly to: ServerId;
  readonly term: number;
}

export interface AppendEntriesMessage extends Envelope {
  readonly type: 'appendEntries';
  readonly prevLogIndex: number;
  readonly prevLogTerm: number;
  readonly entries: readonly LogEntry[];
  readonly leaderCommit: number;
}

export interface AppendEntriesResponseMessage extends Envelope {
  readonly type: 'appendEntriesResponse';
  readonly success: boolean;
  /** On success: the highest index now known to match the leader's log (durable on the sender). */
  readonly matchIndex: number;
  /** On failure: a hint where to retry from (the follower's last index, or the first index of the conflicting term). */
  readonly rejectHint: number;
  /** On failure: the term of the follower's entry at rejectHint, or 0 (lets the leader skip a whole term). */
  readonly rejectHintTerm: number;
}

/** Liveness and commit propagation, never waiting behind disk work; `context` serves ReadIndex. */
export interface HeartbeatMessage extends Envelope {
  readonly type: 'heartbeat';
  /** min(leader commit, the follower's known match index). */
  readonly commit: number;
  readonly context: number;
}

export interface HeartbeatResponseMessage extends Envelope {
  readonly type: 'heartbeatResponse';
  readonly context: number;
}

export interface RequestVoteMessage extends Envelope {
  readonly type: 'requestVote';
  /** Pre-vote: `term` is the term the sender would campaign in; no state changes on either side. */
  readonly preVote: boolean;
  /** Sent because of TimeoutNow: voters must not refuse it for having heard from a leader recently. */
  readonly leadershipTransfer: boolean;
  readonly lastLogIndex: number;
  readonly lastLogTerm: number;
}

export interface RequestVoteResponseMessage extends Envelope {
  readonly type: 'requestVoteResponse';
  readonly preVote: boolean;
  readonly granted: boolean;
}

/**
 * Leader → follower: install this snapshot. The core sends only the metadata; the
 * node streams the data (SnapshotStore → Transport.sendSnapshot) in chunks and, on
 * the receiving side, hands this message to the core only once the data is durable.
 */
export interface InstallSnapshotMessage extends Envelope {
  readonly type: 'installSnapshot';
  readonly snapshot: SnapshotMeta;
}

export interface InstallSnapshotResponseMessage extends Envelope {
  readonly type: 'installSnapshotResponse';
  readonly success: boolean;
  /** The follower's last index after handling the snapshot. */
  readonly lastIndex: number;
}

/** Leadership transfer: campaign now, even if a leader was heard from recently. */
export interface TimeoutNowMessage extends Envelope {
  readonly type: 'timeoutNow';
}

export type Message =
  | AppendEntriesMessage
  | AppendEntriesResponseMessage
  | HeartbeatMessage
  | HeartbeatResponseMessage
  | RequestVoteMessage
  | RequestVoteResponseMessage
  | InstallSnapshotMessage
  | InstallSnapshotResponseMessage
  | TimeoutNowMessage;

export type MessageType = Message['type'];

/** A ReadIndex answer: once the local applied index reaches `index`, reads for `requestId` are linearizable. */
export interface ReadState {
  readonly requestId: number;
  readonly index: number;
}

/** The volatile state a node reports and reacts to (leader changes, metrics). */
export interface SoftState {
  readonly role: RaftRole;
  readonly term: number;
  readonly leaderId: ServerId | null;
}

/**
 * What the core hands to its shell, to be handled strictly in this order:
 * 1. send `messagesBeforePersist` (safe to send now: a leader's replication and heartbeats);
 * 2. persist atomically and durably: truncate the log from `entries[0].index` if that index
 *    is already stored, append `entries`, store `hardState` if present; if `snapshot` is present
 *    its data is already durable in the SnapshotStore: restore the FSM from it and compact the log;
 * 3. send `messages` (they may depend on what step 2 made durable, e.g. votes and acks);
 * 4. apply `committedEntries` to the FSM in order (all of them are durable locally);
 * 5. call `advance(ready)`.
 * `readStates` and `softState` are information for the shell and need no persistence.
 */
export interface Ready {
  readonly softState: SoftState | null;
  readonly hardState: HardState | null;
  readonly entries: readonly LogEntry[];
  readonly snapshot: SnapshotMeta | null;
  readonly messagesBeforePersist: readonly Message[];
  readonly messages: readonly Message[];
  readonly committedEntries: readonly LogEntry[];
  readonly readStates: readonly ReadState[];
}

const textEncoder = new TextEncoder();
const textDecoder = new TextDecoder();

export function encodeConfiguration(configuration: Configuration): Uint8Array {
  return textEncoder.encode(
    JSON.stringify({
      servers: configuration.servers.map((s) => ({ id: s.id, address: s.address, suffrage: s.suffrage })),
    }),
  );
}

export function decodeConfiguration(data: Uint8Array): Configuration {
  const parsed = JSON.parse(textDecoder.decode(data)) as { servers?: unknown };
  if (!Array.isArray(parsed.servers)) throw new Error('configuration entry without servers');
  const servers = parsed.servers.map((raw: unknown): Server => {
    const s = raw as Partial<Server>;
    if (
      typeof s.id !== 'string' ||
      typeof s.address !== 'string' ||
      (s.suffrage !== 'voter' && s.suffrage !== 'nonvoter')
    ) {
      throw new Error('configuration entry with a malformed server');
    }
    return { id: s.id, address: s.address, suffrage: s.suffrage };
  });
  return { servers };
}

export function isVoter(configuration: Configuration, id: ServerId): boolean {
  return configuration.servers.some((s) => s.id === id && s.suffrage === 'voter');
}

export function voters(configuration: Configuration): ServerId[] {
  return configuration.servers.filter((s) => s.suffrage === 'voter').map((s) => s.id);
}
