import { describe, expect, it } from 'vitest';
import { gracePeriodOption } from './delete-verb.js';
import { describeFailure } from './errors.js';
import { CommandExitError, parseTail } from './pod-verbs.js';

describe('flags of the pod verbs', () => {
  it('--tail takes a whole number of lines, 0 meaning all', () => {
    expect(parseTail(undefined)).toBe(0);
    expect(parseTail('20')).toBe(20);
    expect(() => parseTail('-1')).toThrow('--tail: must be a whole number from 0 to 100000, got "-1"');
    expect(() => parseTail('100001')).toThrow(/--tail/);
  });

  it('delete --grace-period 0 is a force delete and needs --force, as in kubectl', () => {
    expect(gracePeriodOption({})).toBeUndefined();
    expect(gracePeriodOption({ gracePeriod: '5' })).toBe(5);
    expect(gracePeriodOption({ gracePeriod: '0', force: true })).toBe(0);
    expect(() => gracePeriodOption({ gracePeriod: '0' })).toThrow(/also needs --force/);
    expect(() => gracePeriodOption({ force: true })).toThrow('--force: needs --grace-period 0');
    expect(() => gracePeriodOption({ gracePeriod: 'soon' })).toThrow(/whole number of seconds/);
  });

  it("exec ends with the command's own exit code", () => {
    expect(describeFailure(new CommandExitError(7))).toEqual({
      line: 'error: command terminated with exit code 7',
      exitCode: 7,
    });
  });
});
