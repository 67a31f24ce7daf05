import { describe, expect, it } from 'vitest';
import { Progress } from './progress.js';

describe('Progress flow control', () => {
  it('probe sends one message at a time until an answer arrives', () => {
    const progress = new Progress(5);
    expect(progress.isPaused(4)).toBe(false);
    progress.sentAppend(7);
    expect(progress.isPaused(4)).toBe(true);
    expect(progress.next).toBe(5);
    expect(progress.maybeUpdate(7)).toBe(true);
    expect(progress.isPaused(4)).toBe(false);
  });

  it('replicate pipelines up to the in-flight limit and frees slots on acks', () => {
    const progress = new Progress(1);
    progress.becomeReplicate();
    for (const last of [2, 4, 6]) progress.sentAppend(last);
    expect(progress.next).toBe(7);
    expect(progress.isPaused(3)).toBe(true);
    progress.maybeUpdate(4);
    progress.freeInflightsTo(4);
    expect(progress.inflightCount()).toBe(1);
    expect(progress.isPaused(3)).toBe(false);
  });

  it('a reject in replicate falls back to probing from the hint, never below match + 1', () => {
    const progress = new Progress(1);
    progress.maybeUpdate(3);
    progress.becomeReplicate();
    progress.sentAppend(10);
    progress.decreaseTo(1);
    expect(progress.state).toBe('probe');
    expect(progress.next).toBe(4);
  });

  it('a reject in probe retries before the rejected index, at the hint when lower', () => {
    const progress = new Progress(11);
    progress.sentAppend(10);
    progress.decreaseTo(4);
    expect(progress.next).toBe(5);
    expect(progress.isPaused(1)).toBe(false);
    progress.decreaseTo(100);
    expect(progress.next).toBe(4);
  });

  it('snapshot state pauses sending until the install ends, then resumes after the snapshot', () => {
    const progress = new Progress(1);
    progress.becomeSnapshot(50);
    expect(progress.isPaused(8)).toBe(true);
    progress.decreaseTo(0);
    expect(progress.state).toBe('snapshot');
    progress.becomeProbe();
    expect(progress.next).toBe(51);
  });
});
