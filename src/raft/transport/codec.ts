/**
 * Pure conversion between raft-ts's Message union and the raft.v1 wire types.
 * Decoding trusts nothing: a peer's bytes become a Message only when every field
 * the variant needs is present and in range; otherwise a TransportError
 * ('malformed-message') names what is wrong.
 */
import type { Configuration, EntryType, LogEntry, Message, Server, SnapshotMeta, Suffrage } from '../types.js';
import type { Configuration__Output as WireConfigurationOutput } from '../../gen/raft/v1/Configuration.js';
import type { EntryType__Output as WireEntryType } from '../../gen/raft/v1/EntryType.js';
import type { LogEntry as WireLogEntry, LogEntry__Output as WireLogEntryOutput } from '../../gen/raft/v1/LogEntry.js';
import type {
  RaftMessage as WireMessage,
  RaftMessage__Output as WireMessageOutput,
} from '../../gen/raft/v1/RaftMessage.js';
import type {
  SnapshotMeta as WireSnapshotMeta,
  SnapshotMeta__Output as WireSnapshotMetaOutput,
} from '../../gen/raft/v1/SnapshotMeta.js';
import type { Suffrage__Output as WireSuffrage } from '../../gen/raft/v1/Suffrage.js';
import { TransportError } from './transport-error.js';

const entryTypeToWire: Readonly<Record<EntryType, WireEntryType>> = {
  command: 'ENTRY_TYPE_COMMAND',
  noop: 'ENTRY_TYPE_NOOP',
  configuration: 'ENTRY_TYPE_CONFIGURATION',
};

const suffrageToWire: Readonly<Record<Suffrage, WireSuffrage>> = {
  voter: 'SUFFRAGE_VOTER',
  nonvoter: 'SUFFRAGE_NONVOTER',
};

function malformed(what: string): TransportError {
  return new TransportError('malformed-message', `malformed raft message: ${what}`);
}

function present<T>(value: T | null | undefined, what: string): T {
  if (value === null || value === undefined) throw malformed(`${what} is missing`);
  return value;
}

/** Wire integers arrive as numbers (loader option longs: Number); reject what Raft cannot mean. */
function count(value: number, what: string): number {
  if (!Number.isSafeInteger(value) || value < 0)
    throw malformed(`${what} is not a non-negative integer (${String(value)})`);
  return value;
}

/** A view, not a copy: the decoded Buffer already owns its bytes. */
function bytesOf(buffer: Uint8Array): Uint8Array {
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

// ---------------------------------------------------------------------------
// Encoding
// ---------------------------------------------------------------------------

export function encodeEntry(entry: LogEntry): WireLogEntry {
  return { index: entry.index, term: entry.term, type: entryTypeToWire[entry.type], data: entry.data };
}

export function encodeSnapshotMeta(meta: SnapshotMeta): WireSnapshotMeta {
  return {
    id: meta.id,
    index: meta.index,
    term: meta.term,
    configuration: {
      servers: meta.configuration.servers.map((server) => ({
        id: server.id,
        address: server.address,
        suffrage: suffrageToWire[server.suffrage],
      })),
    },
    configurationIndex: meta.configurationIndex,
    size: meta.size,
  };
}

export function encodeMessage(message: Message): WireMessage {
  const envelope = { from: message.from, to: message.to, term: message.term };
  switch (message.type) {
    case 'appendEntries':
      return {
        ...envelope,
        appendEntries: {
          prevLogIndex: message.prevLogIndex,
          prevLogTerm: message.prevLogTerm,
          entries: message.entries.map(encodeEntry),
          leaderCommit: message.leaderCommit,
        },
      };
    case 'appendEntriesResponse':
      return {
        ...envelope,
        appendEntriesResponse: {
          success: message.success,
          matchIndex: message.matchIndex,
          rejectHint: message.rejectHint,
          rejectHintTerm: message.rejectHintTerm,
        },
      };
    case 'heartbeat':
      return { ...envelope, heartbeat: { commit: message.commit, context: message.context } };
    case 'heartbeatResponse':
      return { ...envelope, heartbeatResponse: { context: message.context } };
    case 'requestVote':
      return {
        ...envelope,
        requestVote: {
          preVote: message.preVote,
          leadershipTransfer: message.leadershipTransfer,
          lastLogIndex: message.lastLogIndex,
          lastLogTerm: message.lastLogTerm,
        },
      };
    case 'requestVoteResponse':
      return { ...envelope, requestVoteResponse: { preVote: message.preVote, granted: message.granted } };
    case 'installSnapshot':
      return { ...envelope, installSnapshot: { snapshot: encodeSnapshotMeta(message.snapshot) } };
    case 'installSnapshotResponse':
      return { ...envelope, installSnapshotResponse: { success: message.success, lastIndex: message.lastIndex } };
    case 'timeoutNow':
      return { ...envelope, timeoutNow: {} };
  }
}

// ---------------------------------------------------------------------------
// Decoding
// ---------------------------------------------------------------------------

function decodeEntryType(type: WireEntryType): EntryType {
  switch (type) {
    case 'ENTRY_TYPE_COMMAND':
      return 'command';
    case 'ENTRY_TYPE_NOOP':
      return 'noop';
    case 'ENTRY_TYPE_CONFIGURATION':
      return 'configuration';
    default:
      throw malformed(`entry type ${String(type)}`);
  }
}

function decodeSuffrage(suffrage: WireSuffrage): Suffrage {
  if (suffrage === 'SUFFRAGE_VOTER') return 'voter';
  if (suffrage === 'SUFFRAGE_NONVOTER') return 'nonvoter';
  throw malformed(`suffrage ${String(suffrage)}`);
}

export function decodeEntry(wire: WireLogEntryOutput): LogEntry {
  return {
    index: count(wire.index, 'entry index'),
    term: count(wire.term, 'entry term'),
    type: decodeEntryType(wire.type),
    data: bytesOf(present(wire.data, 'entry data')),
  };
}

function decodeConfiguration(wire: WireConfigurationOutput): Configuration {
  const servers = wire.servers.map((server): Server => {
    if (server.id === '') throw malformed('server without id');
    return { id: server.id, address: server.address, suffrage: decodeSuffrage(server.suffrage) };
  });
  return { servers };
}

export function decodeSnapshotMeta(wire: WireSnapshotMetaOutput): SnapshotMeta {
  return {
    id: wire.id,
    index: count(wire.index, 'snapshot index'),
    term: count(wire.term, 'snapshot term'),
    configuration: decodeConfiguration(present(wire.configuration, 'snapshot configuration')),
    configurationIndex: count(wire.configurationIndex, 'snapshot configuration index'),
    size: count(wire.size, 'snapshot size'),
  };
}

/** Throws TransportError('malformed-message') when the wire message is not a valid Message. */
export function decodeMessage(wire: WireMessageOutput): Message {
  if (wire.from === '' || wire.to === '') throw malformed('from or to is empty');
  const envelope = { from: wire.from, to: wire.to, term: count(wire.term, 'term') };
  switch (wire.body) {
    case 'appendEntries': {
      const body = present(wire.appendEntries, 'appendEntries');
      return {
        ...envelope,
        type: 'appendEntries',
        prevLogIndex: count(body.prevLogIndex, 'prevLogIndex'),
        prevLogTerm: count(body.prevLogTerm, 'prevLogTerm'),
        entries: body.entries.map(decodeEntry),
        leaderCommit: count(body.leaderCommit, 'leaderCommit'),
      };
    }
    case 'appendEntriesResponse': {
      const body = present(wire.appendEntriesResponse, 'appendEntriesResponse');
      return {
        ...envelope,
        type: 'appendEntriesResponse',
        success: body.success,
        matchIndex: count(body.matchIndex, 'matchIndex'),
        rejectHint: count(body.rejectHint, 'rejectHint'),
        rejectHintTerm: count(body.rejectHintTerm, 'rejectHintTerm'),
      };
    }
    case 'heartbeat': {
      const body = present(wire.heartbeat, 'heartbeat');
      return {
        ...envelope,
        type: 'heartbeat',
        commit: count(body.commit, 'commit'),
        context: count(body.context, 'context'),
      };
    }
    case 'heartbeatResponse': {
      const body = present(wire.heartbeatResponse, 'heartbeatResponse');
      return { ...envelope, type: 'heartbeatResponse', context: count(body.context, 'context') };
    }
    default:
      return decodeRarerMessage(wire, envelope);
  }
}

/** Votes, snapshots and transfers: split from decodeMessage only to keep each function short. */
function decodeRarerMessage(wire: WireMessageOutput, envelope: { from: string; to: string; term: number }): Message {
  switch (wire.body) {
    case 'requestVote': {
      const body = present(wire.requestVote, 'requestVote');
      return {
        ...envelope,
        type: 'requestVote',
        preVote: body.preVote,
        leadershipTransfer: body.leadershipTransfer,
        lastLogIndex: count(body.lastLogIndex, 'lastLogIndex'),
        lastLogTerm: count(body.lastLogTerm, 'lastLogTerm'),
      };
    }
    case 'requestVoteResponse': {
      const body = present(wire.requestVoteResponse, 'requestVoteResponse');
      return { ...envelope, type: 'requestVoteResponse', preVote: body.preVote, granted: body.granted };
    }
    case 'installSnapshot': {
      const body = present(wire.installSnapshot, 'installSnapshot');
      return {
        ...envelope,
        type: 'installSnapshot',
        snapshot: decodeSnapshotMeta(present(body.snapshot, 'snapshot meta')),
      };
    }
    case 'installSnapshotResponse': {
      const body = present(wire.installSnapshotResponse, 'installSnapshotResponse');
      return {
        ...envelope,
        type: 'installSnapshotResponse',
        success: body.success,
        lastIndex: count(body.lastIndex, 'lastIndex'),
      };
    }
    case 'timeoutNow':
      present(wire.timeoutNow, 'timeoutNow');
      return { ...envelope, type: 'timeoutNow' };
    default:
      throw malformed(`unknown body ${String(wire.body)}`);
  }
}

// ---------------------------------------------------------------------------
// Sizes
// ---------------------------------------------------------------------------

/** Generous per-message and per-entry framing (tags, varints of up to 10 bytes, ids). */
const messageOverheadBytes = 96;
const entryOverheadBytes = 40;

/**
 * An upper estimate of a message's encoded size, cheap enough to run on every
 * send: never below the truth for the fields it counts (strings at three bytes
 * per UTF-16 unit, the most UTF-8 needs; varints at their widest).
 */
export function estimateMessageBytes(message: Message): number {
  let bytes = messageOverheadBytes + 3 * (message.from.length + message.to.length);
  if (message.type === 'appendEntries') {
    for (const entry of message.entries) bytes += entryOverheadBytes + entry.data.byteLength;
  } else if (message.type === 'installSnapshot') {
    for (const server of message.snapshot.configuration.servers)
      bytes += 16 + 3 * (server.id.length + server.address.length);
    bytes += 3 * message.snapshot.id.length;
  }
  return bytes;
}
