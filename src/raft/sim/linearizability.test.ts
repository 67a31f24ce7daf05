import { describe, expect, it } from 'vitest';
import { kvModel, type KvInput, type KvOperation, type KvOutput } from './kv-model.js';
import { checkLinearizability, formatHistory, LinearizabilityError } from './linearizability.js';
import { Random } from './random.js';

/** Terse history builders: [call, return] intervals on a shared clock. */
function put(clientId: number, call: number, ret: number, key: string, value: string): KvOperation {
  return done(clientId, call, ret, { op: 'put', key, value }, { op: 'put' });
}
function get(clientId: number, call: number, ret: number, key: string, value: string | null): KvOperation {
  return done(clientId, call, ret, { op: 'get', key }, { op: 'get', value });
}
function cas(
  clientId: number,
  call: number,
  ret: number,
  key: string,
  expected: string | null,
  value: string,
  ok: boolean,
): KvOperation {
  return done(clientId, call, ret, { op: 'cas', key, expected, value }, { op: 'cas', ok });
}
function del(clientId: number, call: number, ret: number, key: string): KvOperation {
  return done(clientId, call, ret, { op: 'delete', key }, { op: 'delete' });
}
function lost(clientId: number, call: number, input: KvInput): KvOperation {
  return { clientId, call, return: Infinity, input, output: undefined };
}
function done(clientId: number, call: number, ret: number, input: KvInput, output: KvOutput): KvOperation {
  return { clientId, call, return: ret, input, output };
}

const verdict = (history: KvOperation[]): string => checkLinearizability(kvModel, history).verdict;

describe('linearizability checker on hand-written key-value histories', () => {
  it('accepts an empty history and sequential reads of acknowledged writes', () => {
    expect(verdict([])).toBe('linearizable');
    expect(verdict([put(1, 0, 1, 'x', 'a'), get(2, 2, 3, 'x', 'a'), del(1, 4, 5, 'x'), get(2, 6, 7, 'x', null)])).toBe(
      'linearizable',
    );
  });

  it('rejects a stale read after an acknowledged write', () => {
    const history = [put(1, 0, 1, 'x', 'a'), put(1, 2, 3, 'x', 'b'), get(2, 4, 5, 'x', 'a')];
    expect(verdict(history)).toBe('not-linearizable');
  });

  it('rejects a lost write: an acknowledged put that a later read never sees', () => {
    expect(verdict([put(1, 0, 1, 'x', 'a'), get(2, 2, 3, 'x', null)])).toBe('not-linearizable');
  });

  it('rejects a read of a value nobody wrote', () => {
    expect(verdict([get(1, 0, 1, 'x', 'ghost')])).toBe('not-linearizable');
  });

  it('rejects two compare-and-swaps from the same expected value that both succeed', () => {
    const history = [put(1, 0, 1, 'x', 'a'), cas(2, 2, 5, 'x', 'a', 'b', true), cas(3, 2, 5, 'x', 'a', 'c', true)];
    expect(verdict(history)).toBe('not-linearizable');
  });

  it('rejects a failed compare-and-swap whose expectation held throughout', () => {
    expect(verdict([put(1, 0, 1, 'x', 'a'), cas(2, 2, 3, 'x', 'a', 'b', false)])).toBe('not-linearizable');
  });

  it('accepts one of two racing compare-and-swaps failing, and a cas on an absent key', () => {
    const history = [
      put(1, 0, 1, 'x', 'a'),
      cas(2, 2, 5, 'x', 'a', 'b', true),
      cas(3, 2, 5, 'x', 'a', 'c', false),
      get(1, 6, 7, 'x', 'b'),
    ];
    expect(verdict(history)).toBe('linearizable');
    expect(verdict([cas(1, 0, 1, 'y', null, 'v', true), get(2, 2, 3, 'y', 'v')])).toBe('linearizable');
  });

  it('accepts overlapping operations ordered differently from their call order', () => {
    // The read overlaps both writes, so it may take effect between them.
    const history = [
      put(1, 0, 10, 'x', 'a'),
      put(2, 1, 10, 'x', 'b'),
      get(3, 2, 12, 'x', 'a'),
      get(4, 11, 13, 'x', 'b'),
    ];
    expect(verdict(history)).toBe('linearizable');
  });

  it('rejects reads that see two concurrent writes in opposite orders after both finished', () => {
    const history = [put(1, 0, 5, 'x', 'a'), put(2, 0, 5, 'x', 'b'), get(3, 6, 7, 'x', 'a'), get(4, 8, 9, 'x', 'b')];
    expect(verdict(history)).toBe('not-linearizable');
  });

  it('accepts a read explained by a write whose outcome was never known', () => {
    const history = [
      put(1, 0, 1, 'x', 'a'),
      lost(2, 2, { op: 'put', key: 'x', value: 'b' }),
      get(3, 5, 6, 'x', 'b'),
      get(3, 7, 8, 'x', 'b'),
    ];
    expect(verdict(history)).toBe('linearizable');
  });

  it('accepts a write whose outcome was never known and never took effect', () => {
    const history = [
      lost(2, 0, { op: 'put', key: 'x', value: 'b' }),
      get(3, 5, 6, 'x', null),
      put(1, 7, 8, 'x', 'a'),
      get(3, 9, 10, 'x', 'a'),
    ];
    expect(verdict(history)).toBe('linearizable');
  });

  it('rejects an unknown write taking effect before it was called, or twice', () => {
    const early = [get(3, 0, 1, 'x', 'b'), lost(2, 2, { op: 'put', key: 'x', value: 'b' })];
    expect(verdict(early)).toBe('not-linearizable');
    const twice = [
      lost(2, 0, { op: 'put', key: 'x', value: 'b' }),
      get(3, 1, 2, 'x', 'b'),
      put(1, 3, 4, 'x', 'a'),
      get(3, 5, 6, 'x', 'b'),
    ];
    expect(verdict(twice)).toBe('not-linearizable');
  });

  it('checks keys independently and reports the failing key in a small window', () => {
    const history: KvOperation[] = [];
    for (let i = 0; i < 40; i++)
      history.push(
        put(1, i * 2, i * 2 + 1, 'ok', `v${i}`),
        get(2, i * 2, i * 2 + 1.5, 'ok', i === 0 ? null : `v${i - 1}`),
      );
    history.push(put(1, 100, 101, 'bad', 'a'), put(1, 102, 103, 'bad', 'b'), get(2, 104, 105, 'bad', 'a'));
    const result = checkLinearizability(kvModel, history);
    expect(result.verdict).toBe('not-linearizable');
    if (result.verdict !== 'not-linearizable') return;
    expect(result.partition.every((operation) => operation.input.key === 'bad')).toBe(true);
    expect(result.window.length).toBeLessThanOrEqual(3);
    expect(result.window.some((operation) => operation.input.op === 'get')).toBe(true);
    expect(formatHistory(kvModel, result.window)).toContain('get(bad) -> a');
  });

  it('answers unknown instead of searching past its step budget', () => {
    const history: KvOperation[] = [];
    // Many concurrent writes and a read no order can explain: the search must explore many orders.
    for (let i = 0; i < 14; i++) history.push(put(i, 0, 100, 'x', `v${i}`));
    history.push(get(99, 200, 201, 'x', 'nobody'));
    const result = checkLinearizability(kvModel, history, { stepsMax: 50 });
    expect(result.verdict).toBe('unknown');
    expect(result.steps).toBeLessThanOrEqual(50);
  });

  it('refuses malformed histories with a typed error', () => {
    const backwards = put(1, 5, 4, 'x', 'a');
    expect(() => checkLinearizability(kvModel, [backwards])).toThrow(LinearizabilityError);
    const unknownWithOutput: KvOperation = { ...put(1, 0, 1, 'x', 'a'), return: Infinity };
    expect(() => checkLinearizability(kvModel, [unknownWithOutput])).toThrow(/output must be undefined/);
  });
});

/**
 * Clients issue one operation at a time; a sequential reference applies each at
 * one instant inside its interval, so every history made this way is
 * linearizable by construction. Some outcomes are then forgotten (unknown).
 */
function randomLinearizableHistory(random: Random, operationsCount: number): KvOperation[] {
  const clientsCount = 5;
  const freeAt = new Array<number>(clientsCount).fill(0);
  const planned: { clientId: number; call: number; point: number; ret: number; input: KvInput }[] = [];
  for (let i = 0; i < operationsCount; i++) {
    const clientId = random.below(clientsCount);
    const call = (freeAt[clientId] ?? 0) + random.between(0, 5);
    const point = call + random.between(0, 10);
    const ret = point + random.between(0, 10);
    freeAt[clientId] = ret;
    planned.push({ clientId, call, point, ret, input: randomInput(random, random.pick(['a', 'b']), i) });
  }
  const values = new Map<string, string>();
  const history: KvOperation[] = [];
  for (const operation of [...planned].sort((a, b) => a.point - b.point)) {
    const output = applyReference(values, operation.input);
    const forgotten = random.chance(0.05);
    history.push({
      clientId: operation.clientId,
      call: operation.call,
      input: operation.input,
      return: forgotten ? Infinity : operation.ret,
      output: forgotten ? undefined : output,
    });
  }
  if (random.chance(0.5))
    history.push({
      clientId: 7,
      call: 0,
      return: Infinity,
      input: { op: 'put', key: 'a', value: 'never' },
      output: undefined,
    });
  return history;
}

function randomInput(random: Random, key: string, sequence: number): KvInput {
  switch (random.below(4)) {
    case 0:
      return { op: 'put', key, value: `p${sequence}` };
    case 1:
      return { op: 'get', key };
    case 2:
      return {
        op: 'cas',
        key,
        expected: random.chance(0.2) ? null : `p${Math.max(0, sequence - random.between(1, 4))}`,
        value: `c${sequence}`,
      };
    default:
      return { op: 'delete', key };
  }
}

function applyReference(values: Map<string, string>, input: KvInput): KvOutput {
  const current = values.get(input.key) ?? null;
  switch (input.op) {
    case 'put':
      values.set(input.key, input.value);
      return { op: 'put' };
    case 'get':
      return { op: 'get', value: current };
    case 'delete':
      values.delete(input.key);
      return { op: 'delete' };
    case 'cas':
      if (current !== input.expected) return { op: 'cas', ok: false };
      values.set(input.key, input.value);
      return { op: 'cas', ok: true };
  }
}

describe('linearizability checker on random histories from a sequential reference', () => {
  it('finds every one linearizable (seed printed on failure)', () => {
    for (let seed = 1; seed <= 150; seed++) {
      const history = randomLinearizableHistory(new Random(seed), 120);
      const result = checkLinearizability(kvModel, history);
      expect(result.verdict, `seed ${seed}: replay with randomLinearizableHistory(new Random(${seed}), 120)`).toBe(
        'linearizable',
      );
    }
  });

  it('finds a corrupted read in an otherwise linearizable random history', () => {
    for (let seed = 1; seed <= 30; seed++) {
      const history = randomLinearizableHistory(new Random(seed), 80);
      history.push({
        clientId: 9,
        call: 10_000,
        return: 10_001,
        input: { op: 'get', key: 'a' },
        output: { op: 'get', value: 'corrupt' },
      });
      expect(checkLinearizability(kvModel, history).verdict, `seed ${seed}`).toBe('not-linearizable');
    }
  });
});
