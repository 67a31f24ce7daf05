import { describe, expect, it } from 'vitest';
import { EndpointPicker, targetKey } from './endpoint-picker.js';

const targets = [
  { ip: '10.0.0.1', port: 80 },
  { ip: '10.0.0.2', port: 80 },
  { ip: '10.0.0.3', port: 80 },
];

function picks(picker: EndpointPicker, count: number, nowMs: number): string[] {
  return Array.from({ length: count }, () =>
    targetKey(picker.pick('b', targets, new Set(), nowMs) ?? { ip: 'none', port: 0 }),
  );
}

describe('endpoint picker', () => {
  it('goes round-robin over the endpoints', () => {
    expect(picks(new EndpointPicker({ failedSkipMs: 5_000, failuresMax: 10 }), 4, 0)).toEqual([
      '10.0.0.1:80',
      '10.0.0.2:80',
      '10.0.0.3:80',
      '10.0.0.1:80',
    ]);
  });

  it('skips an endpoint that failed until the skip time passed', () => {
    const picker = new EndpointPicker({ failedSkipMs: 5_000, failuresMax: 10 });
    picker.markFailed({ ip: '10.0.0.2', port: 80 }, 1_000);
    expect(picks(picker, 4, 2_000)).toEqual(['10.0.0.1:80', '10.0.0.3:80', '10.0.0.1:80', '10.0.0.3:80']);
    expect(picks(picker, 3, 6_000)).toEqual(['10.0.0.1:80', '10.0.0.2:80', '10.0.0.3:80']);
  });

  it('never repeats an endpoint within one request, and falls back to failed ones rather than none', () => {
    const picker = new EndpointPicker({ failedSkipMs: 5_000, failuresMax: 10 });
    for (const target of targets) picker.markFailed(target, 0);
    const tried = new Set(['10.0.0.1:80']);
    expect(picker.pick('b', targets, tried, 100)).toEqual({ ip: '10.0.0.2', port: 80 });
    expect(picker.pick('b', targets, new Set(targets.map(targetKey)), 100)).toBeUndefined();
    expect(picker.pick('b', [], new Set(), 0)).toBeUndefined();
  });

  it('keeps at most failuresMax failure records', () => {
    const picker = new EndpointPicker({ failedSkipMs: 5_000, failuresMax: 2 });
    for (const target of targets) picker.markFailed(target, 0);
    expect(targets.filter((target) => picker.isFailed(target, 1))).toHaveLength(2);
  });
});
