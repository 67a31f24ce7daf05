/** Examples of every Message variant, with the edge values a codec or transport tends to get wrong (test helper). */
import type { Message, SnapshotMeta } from '../types.js';

export const sampleSnapshotMeta: SnapshotMeta = {
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

export const largeEntryData = new Uint8Array(3 * 1024 * 1024).map((_, i) => i % 251);
const envelope = { from: 'a', to: 'b', term: 7 } as const;

/** One example of every variant, with the edge values that a codec tends to get wrong. */
export const everyMessage: readonly Message[] = [
  {
    ...envelope,
    type: 'appendEntries',
    prevLogIndex: 10,
    prevLogTerm: 6,
    leaderCommit: 9,
    entries: [
      { index: 11, term: 7, type: 'command', data: new Uint8Array([1, 2, 3]) },
      { index: 12, term: 7, type: 'noop', data: new Uint8Array(0) },
      { index: 13, term: 7, type: 'configuration', data: new TextEncoder().encode('{"servers":[]}') },
      { index: 14, term: 7, type: 'command', data: largeEntryData },
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
  { ...envelope, type: 'installSnapshot', snapshot: sampleSnapshotMeta },
  { ...envelope, type: 'installSnapshotResponse', success: true, lastIndex: 1200 },
  { ...envelope, type: 'timeoutNow' },
  { from: 'x', to: 'y', term: Number.MAX_SAFE_INTEGER, type: 'heartbeat', commit: 2 ** 40, context: 0 },
];

/** Entry data as base64: deep equality over megabytes of typed array is slow in the test runner. */
export function comparableMessage(message: Message): unknown {
  if (message.type !== 'appendEntries') return message;
  return {
    ...message,
    entries: message.entries.map((entry) => ({ ...entry, data: Buffer.from(entry.data).toString('base64') })),
  };
}
