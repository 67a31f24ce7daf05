/**
 * Which outgoing lane a message takes. Liveness traffic (heartbeats, votes,
 * leadership transfer) has its own stream so it never waits behind appends or
 * snapshot messages that can be megabytes long.
 */
import type { Message } from '../types.js';

export type Lane = 'priority' | 'bulk';

export function laneOf(message: Message): Lane {
  switch (message.type) {
    case 'heartbeat':
    case 'heartbeatResponse':
    case 'requestVote':
    case 'requestVoteResponse':
    case 'timeoutNow':
      return 'priority';
    case 'appendEntries':
    case 'appendEntriesResponse':
    case 'installSnapshot':
    case 'installSnapshotResponse':
      return 'bulk';
  }
}
