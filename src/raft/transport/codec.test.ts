import { describe, expect, it } from 'vitest';
import type { Message, SnapshotMeta } from '../types.js';
import type { MessageBatch__Output } from '../../gen/raft/v1/MessageBatch.js';
import type { RaftMessage__Output } from '../../gen/raft/v1/RaftMessage.js';
import { decodeMessage, decodeSnapshotMeta, encodeMessage, encodeSnapshotMeta, estimateMessageBytes } from './codec.js';
import { isTransportError } from './transport-error.js';
import { raftWire } from './wire.js';

const meta: SnapshotMeta = {
  id: 'snap-7-1200',
  index: 1200,
  term: 7,
  configuration: {
    servers: [
      { id: 'a', address: '10.0.0.1:7000', suffrage: 'voter' },
      { id: 'b', address: '10.0.0.2:7000', suffrage: 'nonvoter' },
    ],
  },
  configurationIndex: 3,
  size: 20 * 1024 * 1024,
};

const large = new Uint8Array(3 * 1024 * 1024).map((_, i) => i % 251);
const envelope = { from: 'a', to: 'b', term: 7 } as const;

/** One example of every variant, with the edge values that a codec tends to get wrong. */
export const everyMessage: readonly Message[] = [
  {
    ...envelope, type: 'appendEntries', prevLogIndex: 10, prevLogTerm: 6, leaderCommit: 9,
    entries: [
      { index: 11, term: 7, type: 'command', data: new Uint8Array([1, 2, 3]) },
      { index: 12, term: 7, type: 'noop', data: new Uint8Array(0) },
      { index: 13, term: 7, type: 'configuration', data: new TextEncoder().encode('{"servers":[]}') },
      { index: 14, term: 7, type: 'command', data: large },
    ],
  },
  { ...envelope, type: 'appendEntries', prevLogIndex: 0, prevLogTerm: 0, leaderCommit: 0, entries: [] },
  { ...envelope, type: 'appendEntriesResponse', success: true, matchIndex: 14, rejectHint: 0, rejectHintTerm: 0 },
  { ...envelope, type: 'appendEntriesResponse', success: false, matchIndex: 0, rejectHint: 5, rejectHintTerm: 3 },
  { ...envelope, type: 'heartbeat', commit: 9, context: 42 },
  { ...envelope, type: 'heartbeatResponse', context: 42 },
  { ...envelope, type: 'requestVote', preVote: true, leadershipTransfer: false, lastLogIndex: 14, lastLogTerm: 7 },
  { ...envelope, type: 'requestVote', preVote: false, leadershipTransfer: true, lastLogIndex: 0, lastLogTerm: 0 },
  { ...envelope, type: 'requestVoteResponse', preVote: true, granted: false },
  { ...envelope, type: 'requestVoteResponse', preVote: false, granted: true },
  { ...envelope, type: 'installSnapshot', snapshot: meta },
  { ...envelope, type: 'installSnapshotResponse', success: true, lastIndex: 1200 },
  { ...envelope, type: 'timeoutNow' },
  { from: 'x', to: 'y', term: Number.MAX_SAFE_INTEGER, type: 'heartbeat', commit: 2 ** 40, context: 0 },
];

/** Entry data as base64: deep equality over megabytes of typed array is slow in the test runner. */
function comparable(message: Message): unknown {
  if (message.type !== 'appendEntries') return message;
  return { ...message, entries: message.entries.map((entry) => ({ ...entry, data: Buffer.from(entry.data).toString('base64') })) };
}

/** Through real protobuf bytes, exactly as grpc-js serializes a Send request. */
function throughTheWire(messages: readonly Message[]): RaftMessage__Output[] {
  const method = raftWire().service.Send;
  const bytes = method.requestSerialize({ messages: messages.map(encodeMessage) });
  return (method.requestDeserialize(bytes) as MessageBatch__Output).messages;
}

describe('codec', () => {
  it('round-trips every message variant through protobuf bytes unchanged', () => {
    const decoded = throughTheWire(everyMessage).map(decodeMessage);
    expect(decoded.map(comparable)).toEqual(everyMessage.map(comparable));
    for (const message of decoded) {
      if (message.type === 'appendEntries') for (const entry of message.entries) expect(entry.data.constructor).toBe(Uint8Array);
    }
  });

  it('keeps entry data as plain bytes, empty entries included', () => {
    const [first] = throughTheWire([everyMessage[0] as Message]).map(decodeMessage);
    if (first?.type !== 'appendEntries') throw new Error('expected appendEntries');
    expect(first.entries.map((entry) => entry.data.byteLength)).toEqual([3, 0, 14, large.byteLength]);
    expect(Buffer.from(first.entries[3]?.data ?? []).equals(Buffer.from(large))).toBe(true);
  });

  it('round-trips snapshot meta with its configuration', () => {
    const bytes = raftWire().service.InstallSnapshot.requestSerialize({ header: { ...envelope, installSnapshot: { snapshot: encodeSnapshotMeta(meta) } } });
    const chunk = raftWire().service.InstallSnapshot.requestDeserialize(bytes);
    const snapshot = chunk.header?.installSnapshot?.snapshot;
    expect(snapshot && decodeSnapshotMeta(snapshot)).toEqual(meta);
  });

  it('refuses a message without a body, an unknown entry type, or empty ids', () => {
    const base: RaftMessage__Output = { from: 'a', to: 'b', term: 1 };
    const attempts: RaftMessage__Output[] = [
      base,
      { ...base, body: 'heartbeat', heartbeat: null },
      { ...base, from: '', body: 'timeoutNow', timeoutNow: {} },
      {
        ...base, body: 'appendEntries',
        appendEntries: { prevLogIndex: 0, prevLogTerm: 0, leaderCommit: 0, entries: [{ index: 1, term: 1, type: 'ENTRY_TYPE_UNSPECIFIED', data: Buffer.alloc(0) }] },
      },
      { ...base, term: -1, body: 'timeoutNow', timeoutNow: {} },
    ];
    for (const wire of attempts) {
      expect(() => decodeMessage(wire), JSON.stringify(wire)).toThrow();
      try {
        decodeMessage(wire);
      } catch (error: unknown) {
        expect(isTransportError(error, 'malformed-message')).toBe(true);
      }
    }
  });

  it('never estimates a message smaller than its encoding', () => {
    const method = raftWire().service.Send;
    for (const message of everyMessage) {
      const encodedBytes = method.requestSerialize({ messages: [encodeMessage(message)] }).byteLength;
      expect(estimateMessageBytes(message), message.type).toBeGreaterThanOrEqual(encodedBytes);
    }
  });
});
