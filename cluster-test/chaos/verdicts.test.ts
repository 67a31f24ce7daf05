/**
 * The verdicts on handcrafted histories: each rule is shown to pass a correct
 * history and to catch the violation it exists for.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { HistoryEvent, ObjectOperation, ObjectResult, RunRecord, WatchLog } from './history.js';
import { judgeAvailability, judgeLinearizability, judgeWatches, lostAcknowledgedWrites } from './verdicts.js';

/** A history built step by step: op(...) returns the id, done(...) completes it at the given time. */
class Script {
  readonly events: HistoryEvent[] = [];
  private nextId = 1;
  op(time: number, client: number, key: string, operation: ObjectOperation): number {
    const id = this.nextId++;
    this.events.push({ type: 'invoke', id, client, key, time, operation });
    return id;
  }
  done(id: number, time: number, result: ObjectResult): void {
    this.events.push({ type: 'complete', id, time, result });
  }
  record(final: RunRecord['final'], watches: WatchLog[] = []): RunRecord {
    return { scenario: 'handmade', seed: 1, events: this.events, watches, final };
  }
}

const ok = (value: string | null, version: string): ObjectResult => ({ kind: 'ok', value, version });

let dir = '';
afterEach(() => {
  if (dir !== '') rmSync(dir, { recursive: true, force: true });
  dir = '';
});

describe('linearizability of one object', () => {
  it('accepts create, compare-and-swap and a read that overlaps the write it sees', () => {
    const s = new Script();
    s.done(s.op(0, 1, 'a', { op: 'create', value: 'v1' }), 10, ok('v1', '5'));
    const cas = s.op(20, 1, 'a', { op: 'update', expectedVersion: '5', value: 'v2' });
    s.done(s.op(21, 2, 'a', { op: 'read' }), 25, ok('v2', '7'));
    s.done(cas, 30, ok('v2', '7'));
    s.done(s.op(40, 2, 'a', { op: 'update', expectedVersion: '5', value: 'v3' }), 45, { kind: 'conflict' });
    expect(judgeLinearizability(s.record([{ key: 'a', value: 'v2', version: '7' }]), null).verdict).toBe(
      'linearizable',
    );
  });

  it('says "not linearizable" for a read of the old value after a newer write completed (a stale read), and writes the window', () => {
    dir = mkdtempSync(join(tmpdir(), 'chaos-verdict-'));
    const s = new Script();
    s.done(s.op(0, 1, 'a', { op: 'create', value: 'v1' }), 10, ok('v1', '5'));
    s.done(s.op(20, 1, 'a', { op: 'update', expectedVersion: '5', value: 'v2' }), 30, ok('v2', '7'));
    s.done(s.op(40, 2, 'a', { op: 'read' }), 45, ok('v1', '5'));
    const verdict = judgeLinearizability(s.record(null), dir);
    expect(verdict.verdict).toBe('not-linearizable');
    const window = readFileSync(join(dir, 'window-a.txt'), 'utf8');
    expect(window).toContain('read(a) -> ok v1');
    expect(window).toContain('cas(a, v1 -> v2) -> ok');
  });

  it('lets an indeterminate write take effect late, or never', () => {
    const s = new Script();
    s.done(s.op(0, 1, 'a', { op: 'create', value: 'v1' }), 10, ok('v1', '5'));
    s.done(s.op(20, 1, 'a', { op: 'update', expectedVersion: '5', value: 'v2' }), 30, {
      kind: 'indeterminate',
      error: 'deadline',
    });
    s.done(s.op(40, 2, 'a', { op: 'read' }), 45, ok('v1', '5'));
    s.done(s.op(50, 2, 'a', { op: 'read' }), 55, ok('v2', '9'));
    expect(judgeLinearizability(s.record(null), null).verdict).toBe('linearizable');
  });

  it('catches a create that succeeds on an object that exists', () => {
    const s = new Script();
    s.done(s.op(0, 1, 'a', { op: 'create', value: 'v1' }), 10, ok('v1', '5'));
    s.done(s.op(20, 2, 'a', { op: 'create', value: 'v2' }), 30, ok('v2', '6'));
    expect(judgeLinearizability(s.record(null), null).verdict).toBe('not-linearizable');
  });
});

describe('acknowledged writes', () => {
  it('finds an acknowledged update that the final state lost', () => {
    const s = new Script();
    s.done(s.op(0, 1, 'a', { op: 'create', value: 'v1' }), 10, ok('v1', '5'));
    s.done(s.op(20, 1, 'a', { op: 'update', expectedVersion: '5', value: 'v2' }), 30, ok('v2', '7'));
    expect(lostAcknowledgedWrites(s.events, [{ key: 'a', value: 'v1', version: '5' }])).toHaveLength(1);
    expect(lostAcknowledgedWrites(s.events, [{ key: 'a', value: 'v2', version: '7' }])).toEqual([]);
  });

  it('accepts a final state from an indeterminate write that may have come later', () => {
    const s = new Script();
    s.done(s.op(0, 1, 'a', { op: 'create', value: 'v1' }), 10, ok('v1', '5'));
    s.done(s.op(5, 2, 'a', { op: 'delete', expectedVersion: '5' }), 100, { kind: 'indeterminate', error: 'timeout' });
    expect(lostAcknowledgedWrites(s.events, [])).toEqual([]);
  });
});

describe('watches', () => {
  const events = [
    { type: 'ADDED' as const, key: 'a', value: 'v1', version: '5' },
    { type: 'MODIFIED' as const, key: 'a', value: 'v2', version: '7' },
  ];
  it('agree when every master saw the same events, matching the final state', () => {
    const record = new Script().record(
      [{ key: 'a', value: 'v2', version: '7' }],
      [
        { master: 'm1', fromVersion: '1', events, error: null },
        { master: 'm2', fromVersion: '1', events, error: null },
      ],
    );
    expect(judgeWatches(record, new Set(['m1', 'm2'])).problems).toEqual([]);
  });

  it("report a gap in one master's stream", () => {
    const record = new Script().record(
      [{ key: 'a', value: 'v2', version: '7' }],
      [
        { master: 'm1', fromVersion: '1', events, error: null },
        { master: 'm2', fromVersion: '1', events: [events[1]!], error: null },
      ],
    );
    expect(judgeWatches(record, new Set(['m1', 'm2'])).problems.join('\n')).toContain('watch on m2: 1 events missing');
  });
});

describe('availability', () => {
  it('measures fault to the first successful write sent after it (not one already in flight), and the longest stretch without one', () => {
    const s = new Script();
    s.done(s.op(0, 1, 'a', { op: 'create', value: 'v1' }), 10, ok('v1', '5'));
    s.events.push({ type: 'fault', phase: 'start', name: 'kill', time: 100, detail: '' });
    s.done(s.op(20, 1, 'a', { op: 'update', expectedVersion: '5', value: 'v2' }), 120, ok('v2', '7'));
    s.done(s.op(130, 1, 'a', { op: 'update', expectedVersion: '7', value: 'v3' }), 350, ok('v3', '9'));
    const verdict = judgeAvailability(s.events, 400);
    expect(verdict.failoverMs).toEqual([250]);
    expect(verdict.maxUnavailableMs).toBe(230);
  });
});
