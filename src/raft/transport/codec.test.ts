import { describe, expect, it } from 'vitest';
import type { Message } from '../types.js';
import type { MessageBatch__Output } from '../../gen/raft/v1/MessageBatch.js';
import type { RaftMessage__Output } from '../../gen/raft/v1/RaftMessage.js';
import { decodeMessage, decodeSnapshotMeta, encodeMessage, encodeSnapshotMeta, estimateMessageBytes } from './codec.js';
import {
  comparableMessage,
  everyMessage,
  largeEntryData as large,
  sampleSnapshotMeta as meta,
} from './sample-messages.js';
import { isTransportError } from './transport-error.js';
import { raftWire } from './wire.js';

/** Through real protobuf bytes, exactly as grpc-js serializes a Send request. */
function throughTheWire(messages: readonly Message[]): RaftMessage__Output[] {
  const method = raftWire().service.Send;
  const bytes = method.requestSerialize({ messages: messages.map(encodeMessage) });
  return (method.requestDeserialize(bytes) as MessageBatch__Output).messages;
}

describe('codec', () => {
  it('round-trips every message variant through protobuf bytes unchanged', () => {
    const decoded = throughTheWire(everyMessage).map(decodeMessage);
    expect(decoded.map(comparableMessage)).toEqual(everyMessage.map(comparableMessage));
    for (const message of decoded) {
      if (message.type === 'appendEntries')
        for (const entry of message.entries) expect(entry.data.constructor).toBe(Uint8Array);
    }
  });

  it('keeps entry data as plain bytes, empty entries included', () => {
    const [first] = throughTheWire([everyMessage[0] as Message]).map(decodeMessage);
    if (first?.type !== 'appendEntries') throw new Error('expected appendEntries');
    expect(first.entries.map((entry) => entry.data.byteLength)).toEqual([3, 0, 14, large.byteLength]);
    expect(Buffer.from(first.entries[3]?.data ?? []).equals(Buffer.from(large))).toBe(true);
  });

  it('round-trips snapshot meta with its configuration', () => {
    const bytes = raftWire().service.InstallSnapshot.requestSerialize({
      header: { from: 'a', to: 'b', term: 7, installSnapshot: { snapshot: encodeSnapshotMeta(meta) } },
    });
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
        ...base,
        body: 'appendEntries',
        appendEntries: {
          prevLogIndex: 0,
          prevLogTerm: 0,
          leaderCommit: 0,
          entries: [{ index: 1, term: 1, type: 'ENTRY_TYPE_UNSPECIFIED', data: Buffer.alloc(0) }],
        },
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
