/** Majority math over the voters of one configuration. Pure functions, no state. */
import type { ServerId } from '../types.js';

export type VoteResult = 'won' | 'lost' | 'pending';

/** The largest value that at least a majority of `voters` have reached (0 with no voters). */
export function quorumValue(voters: readonly ServerId[], valueOf: (id: ServerId) => number): number {
  if (voters.length === 0) return 0;
  const values = voters.map(valueOf).sort((a, b) => b - a);
  // Sorted descending, the value at position floor(n/2) is reached by floor(n/2)+1 voters: a majority.
  return values[Math.floor(voters.length / 2)] ?? 0;
}

/** Whether a majority of voters satisfy `predicate`. */
export function hasQuorum(voters: readonly ServerId[], predicate: (id: ServerId) => boolean): boolean {
  const count = voters.filter(predicate).length;
  return count >= Math.floor(voters.length / 2) + 1;
}

/** The outcome of an election given the answers received so far (missing answers are pending). */
export function voteResult(voters: readonly ServerId[], votes: ReadonlyMap<ServerId, boolean>): VoteResult {
  const majority = Math.floor(voters.length / 2) + 1;
  let granted = 0;
  let rejected = 0;
  for (const id of voters) {
    const vote = votes.get(id);
    if (vote === true) granted += 1;
    if (vote === false) rejected += 1;
  }
  if (granted >= majority) return 'won';
  if (voters.length - rejected < majority) return 'lost';
  return 'pending';
}
