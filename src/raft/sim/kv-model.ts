/**
 * The sequential specification of a key-value register map, for the
 * linearizability checker: put, get, compare-and-swap and delete. Keys are
 * independent, so a history is checked per key and the state is one key's value.
 */
import type { History, Model, Operation, StepResult } from './linearizability.js';

export type KvInput =
  | { readonly op: 'put'; readonly key: string; readonly value: string }
  | { readonly op: 'get'; readonly key: string }
  /** expected null: succeeds only when the key is absent. */
  | { readonly op: 'cas'; readonly key: string; readonly expected: string | null; readonly value: string }
  | { readonly op: 'delete'; readonly key: string };

export type KvOutput =
  | { readonly op: 'put' }
  | { readonly op: 'get'; readonly value: string | null }
  | { readonly op: 'cas'; readonly ok: boolean }
  | { readonly op: 'delete' };

export type KvOperation = Operation<KvInput, KvOutput>;

/** One key's value; null when absent. */
export type KvState = string | null;

function stepKv(state: KvState, input: KvInput, output: KvOutput | undefined): StepResult<KvState> {
  if (output !== undefined && output.op !== input.op) {
    throw new Error(`kv model: a ${input.op} operation with a ${output.op} output`);
  }
  switch (input.op) {
    case 'put':
      return { ok: true, state: input.value };
    case 'delete':
      return { ok: true, state: null };
    case 'get':
      return { ok: output === undefined || (output.op === 'get' && output.value === state), state };
    case 'cas': {
      const swapped = state === input.expected;
      const ok = output === undefined || (output.op === 'cas' && output.ok === swapped);
      return { ok, state: swapped ? input.value : state };
    }
  }
}

function partitionByKey(history: History<KvInput, KvOutput>): History<KvInput, KvOutput>[] {
  const byKey = new Map<string, KvOperation[]>();
  for (const operation of history) {
    const operations = byKey.get(operation.input.key) ?? [];
    operations.push(operation);
    byKey.set(operation.input.key, operations);
  }
  return [...byKey.keys()].sort().map((key) => byKey.get(key) as KvOperation[]);
}

function describeKv(operation: KvOperation): string {
  const { input, output } = operation;
  const call =
    input.op === 'put'
      ? `put(${input.key}, ${input.value})`
      : input.op === 'cas'
        ? `cas(${input.key}, ${String(input.expected)}, ${input.value})`
        : `${input.op}(${input.key})`;
  if (output === undefined) return `${call} -> unknown`;
  if (output.op === 'get') return `${call} -> ${String(output.value)}`;
  if (output.op === 'cas') return `${call} -> ${output.ok ? 'ok' : 'fail'}`;
  return `${call} -> ok`;
}

export const kvModel: Model<KvState, KvInput, KvOutput> = {
  init: () => null,
  step: stepKv,
  hash: (state) => (state === null ? '\u0000' : `=${state}`),
  partition: partitionByKey,
  readOnly: (input) => input.op === 'get',
  describe: describeKv,
};
