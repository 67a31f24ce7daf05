/**
 * The scheduler's randomness enters from outside (STYLE rule 1): a function
 * returning a uniform number in [0, 1). `seededRandom` is a small, reproducible
 * one (mulberry32) for tests, the benchmark and callers that want replayable
 * decisions; the leader may pass its own.
 */
export type RandomSource = () => number;

export function seededRandom(seed: number): RandomSource {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 0x1_0000_0000;
  };
}
