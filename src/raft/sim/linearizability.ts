/**
 * A linearizability checker for concurrent histories, generic over a sequential
 * model: Wing & Gong's search as improved by Lowe (just-in-time linearization with
 * a cache of (linearized set, model state) pairs already explored, and
 * backtracking), the algorithm Porcupine implements.
 *
 * Independent of Raft: the simulator and the cluster chaos tests both feed it the
 * history their clients recorded.
 */
import { RaftTypedError } from '../errors.js';

/** One client operation as the client saw it. Times are in any unit, compared only to each other. */
export interface Operation<I, O> {
  readonly clientId: number;
  readonly input: I;
  /** What the client observed; undefined exactly when the outcome is unknown. */
  readonly output: O | undefined;
  readonly call: number;
  /**
   * When the client saw the outcome. Infinity when it never did (timed out,
   * indeterminate): the operation may have taken effect at any point after `call`,
   * or never.
   */
  readonly return: number;
}

export type History<I, O> = readonly Operation<I, O>[];

export interface StepResult<S> {
  /** Whether `output` is what the sequential object answers to `input` in `state`. */
  readonly ok: boolean;
  /** The state after the operation (meaningful only when ok). */
  readonly state: S;
}

export interface Model<S, I, O> {
  init(): S;
  /** Apply `input` to `state`; an undefined `output` (outcome unknown) is accepted with whatever effect the operation has. */
  step(state: S, input: I, output: O | undefined): StepResult<S>;
  /**
   * Canonical fingerprint: equal states must hash equal, and states that hash equal
   * are treated as equal (the search cache relies on it).
   */
  hash(state: S): string;
  /** Split into independent sub-histories (per key for a key-value store), each checked alone. */
  partition?(history: History<I, O>): History<I, O>[];
  /** True for an operation that never changes the state: one whose outcome is unknown is left out of the search. */
  readOnly?(input: I): boolean;
  /** For failure reports. */
  describe?(operation: Operation<I, O>): string;
}

export interface CheckOptions {
  /** Search steps (tried linearizations) across all partitions before answering 'unknown'. */
  readonly stepsMax?: number;
}

export const defaultCheckStepsMax = 2_000_000;

export interface LinearizableResult {
  readonly verdict: 'linearizable';
  readonly steps: number;
}

export interface UnknownResult {
  readonly verdict: 'unknown';
  readonly steps: number;
  readonly reason: string;
}

export interface NotLinearizableResult<I, O> {
  readonly verdict: 'not-linearizable';
  readonly steps: number;
  /** The sub-history (after partitioning) that has no linearization. */
  readonly partition: History<I, O>;
  /**
   * The operations around the point where the deepest attempt got stuck: the last
   * operations it linearized, then every operation it could not place before the
   * earliest pending return. Small enough to read or to write to a file.
   */
  readonly window: History<I, O>;
  /** How many operations of the partition the deepest attempt linearized. */
  readonly linearizedMax: number;
}

export type CheckResult<I, O> = LinearizableResult | UnknownResult | NotLinearizableResult<I, O>;

/** Operations of the deepest linearization kept in a failure window, before the stuck point. */
const windowLeadOperations = 4;

/** Check that `history` has a linearization under `model`. Never runs longer than stepsMax steps. */
export function checkLinearizability<S, I, O>(
  model: Model<S, I, O>,
  history: History<I, O>,
  options: CheckOptions = {},
): CheckResult<I, O> {
  for (const operation of history) validateOperation(operation);
  // An unobserved read constrains nothing and may always be linearized last; leaving it out spares the search.
  const relevant = history.filter(
    (operation) => operation.output !== undefined || !(model.readOnly?.(operation.input) ?? false),
  );
  const partitions = model.partition ? model.partition(relevant) : [relevant];
  let stepsLeft = options.stepsMax ?? defaultCheckStepsMax;
  let steps = 0;
  let unknownReason: string | null = null;
  for (const partition of partitions) {
    const outcome = searchPartition(model, partition, stepsLeft);
    steps += outcome.steps;
    stepsLeft -= outcome.steps;
    if (outcome.verdict === 'not-linearizable') {
      return {
        verdict: 'not-linearizable',
        steps,
        partition,
        window: failureWindow(partition, outcome),
        linearizedMax: outcome.deepest.length,
      };
    }
    if (outcome.verdict === 'unknown') {
      unknownReason = `search budget exhausted on a partition of ${partition.length} operations`;
      if (stepsLeft <= 0) break;
    }
  }
  if (unknownReason !== null) return { verdict: 'unknown', steps, reason: unknownReason };
  return { verdict: 'linearizable', steps };
}

function validateOperation<I, O>(operation: Operation<I, O>): void {
  const problem = !Number.isFinite(operation.call)
    ? 'call time must be finite'
    : Number.isNaN(operation.return) || operation.return < operation.call
      ? 'return time must not precede the call'
      : (operation.return === Infinity) !== (operation.output === undefined)
        ? 'output must be undefined exactly when return is Infinity'
        : null;
  if (problem !== null)
    throw new LinearizabilityError('invalid-history', `operation of client ${operation.clientId}: ${problem}`);
}

export class LinearizabilityError extends RaftTypedError<'invalid-history'> {
  constructor(code: 'invalid-history', message: string) {
    super(code, message);
    this.name = 'LinearizabilityError';
  }
}

// ---------------------------------------------------------------------------
// The search over one partition
// ---------------------------------------------------------------------------

interface Event {
  readonly kind: 'call' | 'return';
  readonly operation: number;
  readonly time: number;
  /** The call's return event, or the return's call event. */
  match: Event | null;
  previous: Event | null;
  next: Event | null;
}

interface SearchOutcome {
  readonly verdict: 'linearizable' | 'unknown' | 'not-linearizable';
  readonly steps: number;
  /** Operation numbers of the deepest partial linearization, in order. */
  readonly deepest: readonly number[];
  /** The operation whose return stopped the deepest attempt, if any. */
  readonly stuckAt: number | null;
}

/** A sentinel-headed doubly linked list of call and return events in time order. */
function eventList<I, O>(history: History<I, O>): Event {
  const events: Event[] = [];
  history.forEach((operation, index) => {
    const call: Event = {
      kind: 'call',
      operation: index,
      time: operation.call,
      match: null,
      previous: null,
      next: null,
    };
    const result: Event = {
      kind: 'return',
      operation: index,
      time: operation.return,
      match: call,
      previous: null,
      next: null,
    };
    call.match = result;
    events.push(call, result);
  });
  // A call at the same time as a return counts as concurrent with it (the permissive reading).
  events.sort(
    (a, b) => a.time - b.time || (a.kind === b.kind ? a.operation - b.operation : a.kind === 'call' ? -1 : 1),
  );
  const head: Event = { kind: 'call', operation: -1, time: -Infinity, match: null, previous: null, next: null };
  let last = head;
  for (const event of events) {
    last.next = event;
    event.previous = last;
    last = event;
  }
  return head;
}

/** Remove a call and its return from the list (they have been linearized). */
function lift(call: Event): void {
  const result = call.match as Event;
  (call.previous as Event).next = call.next;
  if (call.next) call.next.previous = call.previous;
  (result.previous as Event).next = result.next;
  if (result.next) result.next.previous = result.previous;
}

/** Undo lift(); must happen in the reverse order of the lifts. */
function unlift(call: Event): void {
  const result = call.match as Event;
  (result.previous as Event).next = result;
  if (result.next) result.next.previous = result;
  (call.previous as Event).next = call;
  if (call.next) call.next.previous = call;
}

class Bitset {
  private readonly words: Uint32Array;
  constructor(size: number) {
    this.words = new Uint32Array(Math.ceil(size / 32) + 1);
  }
  set(bit: number): void {
    this.words[bit >>> 5]! |= 1 << (bit & 31);
  }
  clear(bit: number): void {
    this.words[bit >>> 5]! &= ~(1 << (bit & 31));
  }
  key(): string {
    return this.words.join(',');
  }
}

interface Frame<S> {
  readonly call: Event;
  readonly stateBefore: S;
}

function searchPartition<S, I, O>(model: Model<S, I, O>, history: History<I, O>, stepsMax: number): SearchOutcome {
  const head = eventList(history);
  const linearized = new Bitset(history.length);
  const explored = new Set<string>();
  const stack: Frame<S>[] = [];
  let state = model.init();
  let entry = head.next;
  let steps = 0;
  let deepest: number[] = [];
  let stuckAt: number | null = null;
  while (head.next !== null && entry !== null) {
    if (steps >= stepsMax) return { verdict: 'unknown', steps, deepest, stuckAt };
    steps += 1;
    if (entry.kind === 'call') {
      const operation = history[entry.operation] as Operation<I, O>;
      const result = model.step(state, operation.input, operation.output);
      if (result.ok) {
        linearized.set(entry.operation);
        const key = `${linearized.key()}#${model.hash(result.state)}`;
        if (!explored.has(key)) {
          explored.add(key);
          stack.push({ call: entry, stateBefore: state });
          state = result.state;
          lift(entry);
          entry = head.next;
          continue;
        }
        linearized.clear(entry.operation);
      }
      entry = entry.next;
      continue;
    }
    // Every event still listed before an unknown outcome's return is itself an
    // unknown outcome: those operations simply never took effect.
    if (entry.time === Infinity) return { verdict: 'linearizable', steps, deepest, stuckAt };
    if (stack.length >= deepest.length) {
      deepest = stack.map((frame) => frame.call.operation);
      stuckAt = entry.operation;
    }
    const frame = stack.pop();
    if (frame === undefined) return { verdict: 'not-linearizable', steps, deepest, stuckAt };
    state = frame.stateBefore;
    linearized.clear(frame.call.operation);
    unlift(frame.call);
    entry = frame.call.next;
  }
  return { verdict: 'linearizable', steps, deepest, stuckAt };
}

function failureWindow<I, O>(history: History<I, O>, outcome: SearchOutcome): History<I, O> {
  const placed = new Set(outcome.deepest);
  const lead = outcome.deepest.slice(-windowLeadOperations);
  const stuck = outcome.stuckAt === null ? Infinity : (history[outcome.stuckAt] as Operation<I, O>).return;
  const pending = history
    .map((operation, index) => ({ operation, index }))
    .filter(({ operation, index }) => !placed.has(index) && operation.call <= stuck)
    .map(({ index }) => index);
  return [...new Set([...lead, ...pending])]
    .map((index) => history[index] as Operation<I, O>)
    .sort((a, b) => a.call - b.call);
}

/** A readable, line-per-operation rendering of a history (for failure files). */
export function formatHistory<S, I, O>(model: Model<S, I, O>, history: History<I, O>): string {
  const describe =
    model.describe ??
    ((operation: Operation<I, O>) => `${JSON.stringify(operation.input)} -> ${JSON.stringify(operation.output)}`);
  return history
    .map(
      (operation) =>
        `client ${operation.clientId} [${readable(operation.call)}, ${operation.return === Infinity ? '?' : readable(operation.return)}] ${describe(operation)}`,
    )
    .join('\n');
}

function readable(time: number): string {
  return String(Math.round(time * 1000) / 1000);
}
