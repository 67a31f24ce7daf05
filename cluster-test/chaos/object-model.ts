/**
 * The sequential specification of one Orca object for the linearizability
 * checker: a register that is absent or holds a value, with create (fails when
 * it exists), compare-and-swap update on resourceVersion, delete and
 * linearizable read.
 *
 * Every value a run writes is unique, so a value names the write that produced
 * it, and the resourceVersion a client compared against names a value: the
 * state is the value alone, and each value's resourceVersion is learnt from
 * every observation (write results, reads, watch events, the final state).
 * An observation that gives one value two resourceVersions is itself an anomaly.
 */
import type { History, Model, Operation, StepResult } from '../../src/raft/sim/linearizability.js';
import type { FinalObject, ObjectResult, PairedOperation, WatchLog } from './history.js';

export type RegisterInput =
  | { readonly op: 'create'; readonly key: string; readonly value: string }
  /** expectedValue: the value the compared resourceVersion belongs to. */
  | { readonly op: 'update'; readonly key: string; readonly expectedValue: string; readonly value: string }
  | { readonly op: 'delete'; readonly key: string; readonly expectedValue: string }
  | { readonly op: 'read'; readonly key: string };

export type RegisterOutput =
  | { readonly kind: 'ok'; readonly value: string | null }
  | { readonly kind: 'conflict' | 'not-found' | 'already-exists' };

/** The object's value; null when it does not exist. */
export type RegisterState = string | null;

export type RegisterOperation = Operation<RegisterInput, RegisterOutput>;

function outcome(ok: boolean, state: RegisterState): StepResult<RegisterState> {
  return { ok, state };
}

function stepCreate(
  state: RegisterState,
  value: string,
  output: RegisterOutput | undefined,
): StepResult<RegisterState> {
  if (output === undefined) return outcome(true, state === null ? value : state);
  if (output.kind === 'ok') return outcome(state === null, value);
  return outcome(output.kind === 'already-exists' && state !== null, state);
}

function stepUpdate(
  state: RegisterState,
  expected: string,
  value: string,
  output: RegisterOutput | undefined,
): StepResult<RegisterState> {
  if (output === undefined) return outcome(true, state === expected ? value : state);
  if (output.kind === 'ok') return outcome(state === expected, value);
  if (output.kind === 'conflict') return outcome(state !== null && state !== expected, state);
  return outcome(output.kind === 'not-found' && state === null, state);
}

function stepDelete(
  state: RegisterState,
  expected: string,
  output: RegisterOutput | undefined,
): StepResult<RegisterState> {
  if (output === undefined) return outcome(true, state === expected ? null : state);
  if (output.kind === 'ok') return outcome(state === expected, null);
  if (output.kind === 'conflict') return outcome(state !== null && state !== expected, state);
  return outcome(output.kind === 'not-found' && state === null, state);
}

function stepRead(state: RegisterState, output: RegisterOutput | undefined): StepResult<RegisterState> {
  if (output === undefined) return outcome(true, state);
  if (output.kind === 'ok') return outcome(output.value !== null && output.value === state, state);
  return outcome(output.kind === 'not-found' && state === null, state);
}

function stepRegister(
  state: RegisterState,
  input: RegisterInput,
  output: RegisterOutput | undefined,
): StepResult<RegisterState> {
  switch (input.op) {
    case 'create':
      return stepCreate(state, input.value, output);
    case 'update':
      return stepUpdate(state, input.expectedValue, input.value, output);
    case 'delete':
      return stepDelete(state, input.expectedValue, output);
    case 'read':
      return stepRead(state, output);
  }
}

function describeRegister(operation: RegisterOperation): string {
  const { input, output } = operation;
  const call =
    input.op === 'create'
      ? `create(${input.key}, ${input.value})`
      : input.op === 'update'
        ? `cas(${input.key}, ${input.expectedValue} -> ${input.value})`
        : input.op === 'delete'
          ? `delete(${input.key} if ${input.expectedValue})`
          : `read(${input.key})`;
  if (output === undefined) return `${call} -> indeterminate`;
  return output.kind === 'ok'
    ? `${call} -> ok${input.op === 'read' ? ` ${String(output.value)}` : ''}`
    : `${call} -> ${output.kind}`;
}

export const registerModel: Model<RegisterState, RegisterInput, RegisterOutput> = {
  init: () => null,
  step: stepRegister,
  hash: (state) => (state === null ? '\u0000' : `=${state}`),
  readOnly: (input) => input.op === 'read',
  describe: describeRegister,
};

/** Which value each resourceVersion belongs to, and the values seen with two different resourceVersions. */
export interface VersionIndex {
  readonly valueOf: ReadonlyMap<string, string>;
  readonly anomalies: string[];
}

export function indexVersions(
  operations: readonly PairedOperation[],
  watches: readonly WatchLog[],
  final: readonly FinalObject[],
): VersionIndex {
  const valueOf = new Map<string, string>();
  const versionOf = new Map<string, string>();
  const anomalies: string[] = [];
  const observe = (key: string, value: string | null, version: string, source: string): void => {
    if (value === null || version === '') return;
    const tagged = `${key}=${value}`;
    const knownVersion = versionOf.get(tagged);
    const knownValue = valueOf.get(version);
    if (knownVersion !== undefined && knownVersion !== version)
      anomalies.push(`${source}: ${tagged} at resourceVersion ${version}, elsewhere at ${knownVersion}`);
    if (knownValue !== undefined && knownValue !== tagged)
      anomalies.push(`${source}: resourceVersion ${version} holds ${tagged}, elsewhere ${knownValue}`);
    versionOf.set(tagged, version);
    valueOf.set(version, tagged);
  };
  for (const operation of operations) {
    if (operation.result?.kind === 'ok' && operation.operation.op !== 'delete')
      observe(operation.key, operation.result.value, operation.result.version, `operation ${operation.id}`);
  }
  for (const log of watches)
    for (const event of log.events)
      if (event.type !== 'DELETED') observe(event.key, event.value, event.version, `watch on ${log.master}`);
  for (const object of final) observe(object.key, object.value, object.version, 'final state');
  return { valueOf, anomalies };
}

function toOutput(result: ObjectResult): RegisterOutput | undefined {
  if (result.kind === 'ok') return { kind: 'ok', value: result.value };
  if (result.kind === 'indeterminate' || result.kind === 'not-applied') return undefined;
  return { kind: result.kind };
}

function toInput(operation: PairedOperation, versions: VersionIndex): RegisterInput {
  const { key } = operation;
  const requested = operation.operation;
  if (requested.op === 'create' || requested.op === 'read') return { ...requested, key };
  const tagged = versions.valueOf.get(requested.expectedVersion);
  // A resourceVersion no observation explains cannot match any state: the operation must fail.
  const expectedValue =
    tagged === undefined ? `<unknown resourceVersion ${requested.expectedVersion}>` : tagged.slice(key.length + 1);
  return requested.op === 'update'
    ? { op: 'update', key, expectedValue, value: requested.value }
    : { op: 'delete', key, expectedValue };
}

/** The checker's view of one key's operations: not-applied ones dropped, unfinished and indeterminate ones open-ended. */
export function registerHistory(
  operations: readonly PairedOperation[],
  versions: VersionIndex,
): History<RegisterInput, RegisterOutput> {
  const history: RegisterOperation[] = [];
  for (const operation of operations) {
    if (operation.result?.kind === 'not-applied') continue;
    const output = operation.result === null ? undefined : toOutput(operation.result);
    const returned = output === undefined || operation.completedAt === null ? Infinity : operation.completedAt;
    history.push({
      clientId: operation.client,
      input: toInput(operation, versions),
      output,
      call: operation.invokedAt,
      return: returned,
    });
  }
  return history;
}
