import { describe, expect, it } from 'vitest';
import { collapseSuccessfulAcks } from './coalesce.js';
import type { Message } from '../types.js';

const ack = (to: string, term: number, matchIndex: number, success = true): Message => ({
  type: 'appendEntriesResponse',
  from: 'f',
  to,
  term,
  success,
  matchIndex,
  rejectHint: 0,
  rejectHintTerm: 0,
});

describe("collapsing a follower's acknowledgements", () => {
  it('keeps only the highest successful ack per leader and term, and every rejection', () => {
    const heartbeat: Message = { type: 'heartbeatResponse', from: 'f', to: 'l', term: 2, context: 7 };
    const messages = [ack('l', 2, 5), heartbeat, ack('l', 2, 6, false), ack('l', 2, 7), ack('l', 2, 6), ack('m', 3, 1)];
    expect(collapseSuccessfulAcks(messages)).toEqual([
      heartbeat,
      ack('l', 2, 6, false),
      ack('l', 2, 7),
      ack('m', 3, 1),
    ]);
  });

  it('leaves a list without acks alone', () => {
    const vote: Message = { type: 'requestVoteResponse', from: 'f', to: 'c', term: 4, preVote: false, granted: true };
    expect(collapseSuccessfulAcks([vote])).toEqual([vote]);
  });
});
