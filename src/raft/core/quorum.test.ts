import { describe, expect, it } from 'vitest';
import { hasQuorum, quorumValue, voteResult } from './quorum.js';

describe('quorumValue', () => {
  const matchOf =
    (values: Record<string, number>) =>
    (id: string): number =>
      values[id] ?? 0;

  it('is the value a majority has reached, for odd and even sizes', () => {
    expect(quorumValue(['a'], matchOf({ a: 5 }))).toBe(5);
    expect(quorumValue(['a', 'b', 'c'], matchOf({ a: 10, b: 8, c: 5 }))).toBe(8);
    expect(quorumValue(['a', 'b', 'c', 'd'], matchOf({ a: 10, b: 8, c: 5, d: 3 }))).toBe(5);
    expect(quorumValue(['a', 'b', 'c', 'd', 'e'], matchOf({ a: 1, b: 9, c: 7, d: 3, e: 4 }))).toBe(4);
  });

  it('is 0 without voters', () => {
    expect(quorumValue([], () => 9)).toBe(0);
  });
});

describe('hasQuorum', () => {
  it('needs strictly more than half', () => {
    expect(hasQuorum(['a', 'b'], (id) => id === 'a')).toBe(false);
    expect(hasQuorum(['a', 'b', 'c'], (id) => id !== 'c')).toBe(true);
    expect(hasQuorum(['a', 'b', 'c', 'd'], (id) => id === 'a' || id === 'b')).toBe(false);
  });
});

describe('voteResult', () => {
  it('wins on a majority of grants, loses once a majority is out of reach, else pends', () => {
    const voters = ['a', 'b', 'c'];
    expect(voteResult(voters, new Map([['a', true]]))).toBe('pending');
    expect(
      voteResult(
        voters,
        new Map([
          ['a', true],
          ['b', true],
        ]),
      ),
    ).toBe('won');
    expect(
      voteResult(
        voters,
        new Map([
          ['a', true],
          ['b', false],
        ]),
      ),
    ).toBe('pending');
    expect(
      voteResult(
        voters,
        new Map([
          ['a', true],
          ['b', false],
          ['c', false],
        ]),
      ),
    ).toBe('lost');
  });

  it('ignores answers from non-voters', () => {
    expect(
      voteResult(
        ['a', 'b', 'c'],
        new Map([
          ['a', true],
          ['x', true],
          ['y', true],
        ]),
      ),
    ).toBe('pending');
  });
});
