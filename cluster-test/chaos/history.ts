/**
 * The record of a chaos run: every client operation as an invoke and a complete
 * event on one monotonic clock, every fault's start and end, and what each
 * master's watch delivered. Written as one JSON file per run so that a failing
 * verdict can be re-examined (and re-checked) after the cluster is gone.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { performance } from 'node:perf_hooks';

/** What a client asked of one ConfigMap. Values are unique per run, so a value names the write that produced it. */
export type ObjectOperation =
  | { readonly op: 'create'; readonly value: string }
  /** Compare-and-swap on metadata.resourceVersion. */
  | { readonly op: 'update'; readonly expectedVersion: string; readonly value: string }
  /** Conditional on metadata.resourceVersion too. */
  | { readonly op: 'delete'; readonly expectedVersion: string }
  | { readonly op: 'read' };

/**
 * How it ended. `ok` carries what the cluster answered (for a read: the value, or
 * null for not found; for a write: the value written and its resourceVersion).
 * `indeterminate`: it may or may not have taken effect (timed out, uncertain,
 * unavailable after possibly sending). `not-applied`: the client knows it never
 * took effect (never sent, or the master said so).
 */
export type ObjectResult =
  | { readonly kind: 'ok'; readonly value: string | null; readonly version: string }
  | { readonly kind: 'conflict' | 'not-found' | 'already-exists' }
  | { readonly kind: 'indeterminate' | 'not-applied'; readonly error: string };

export interface InvokeEvent {
  readonly type: 'invoke';
  readonly id: number;
  readonly client: number;
  readonly key: string;
  readonly time: number;
  readonly operation: ObjectOperation;
}

export interface CompleteEvent {
  readonly type: 'complete';
  readonly id: number;
  readonly time: number;
  readonly result: ObjectResult;
}

export interface FaultEvent {
  readonly type: 'fault';
  readonly phase: 'start' | 'end';
  readonly name: string;
  readonly time: number;
  readonly detail: string;
}

export type HistoryEvent = InvokeEvent | CompleteEvent | FaultEvent;

/** One event a master's watch delivered, reduced to what the verdicts compare. */
export interface WatchRecord {
  readonly type: 'ADDED' | 'MODIFIED' | 'DELETED';
  readonly key: string;
  readonly value: string | null;
  readonly version: string;
}

export interface WatchLog {
  readonly master: string;
  /** The revision the watch started after. */
  readonly fromVersion: string;
  readonly events: WatchRecord[];
  /** Why the watch ended early, if it did. */
  error: string | null;
}

/** One key's value in the final state, as read after healing. */
export interface FinalObject {
  readonly key: string;
  readonly value: string;
  readonly version: string;
}

export interface RunRecord {
  readonly scenario: string;
  readonly seed: number;
  readonly events: readonly HistoryEvent[];
  readonly watches: readonly WatchLog[];
  readonly final: readonly FinalObject[] | null;
}

/** Events one run may record: a bound so that a runaway workload fails loudly instead of eating memory. */
export const historyEventsMax = 2_000_000;

export class HistoryRecorder {
  private readonly recorded: HistoryEvent[] = [];
  private nextId = 1;
  private readonly origin = performance.now();
  /** Writes in flight, to know which completions are successful writes. */
  private readonly pendingWrites = new Set<number>();
  /** When the last write succeeded (-1: none yet). */
  lastWriteOkAt = -1;

  /** Milliseconds since the recorder was made, monotonic. */
  now(): number {
    return performance.now() - this.origin;
  }

  get events(): readonly HistoryEvent[] {
    return this.recorded;
  }

  invoke(client: number, key: string, operation: ObjectOperation): number {
    const id = this.nextId;
    this.nextId += 1;
    this.push({ type: 'invoke', id, client, key, time: this.now(), operation });
    if (operation.op !== 'read') this.pendingWrites.add(id);
    return id;
  }

  complete(id: number, result: ObjectResult): void {
    const time = this.now();
    this.push({ type: 'complete', id, time, result });
    if (this.pendingWrites.delete(id) && result.kind === 'ok') this.lastWriteOkAt = time;
  }

  fault(phase: 'start' | 'end', name: string, detail = ''): void {
    this.push({ type: 'fault', phase, name, time: this.now(), detail });
  }

  private push(event: HistoryEvent): void {
    if (this.recorded.length >= historyEventsMax)
      throw new Error(`history: more than ${historyEventsMax} events in one run`);
    this.recorded.push(event);
  }
}

export function writeRunRecord(path: string, record: RunRecord): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(record) + '\n');
}

/** A client operation with its outcome: invoke and complete matched by id (complete absent while in flight). */
export interface PairedOperation {
  readonly id: number;
  readonly client: number;
  readonly key: string;
  readonly operation: ObjectOperation;
  readonly invokedAt: number;
  readonly completedAt: number | null;
  readonly result: ObjectResult | null;
}

export function pairOperations(events: readonly HistoryEvent[]): PairedOperation[] {
  const completes = new Map<number, CompleteEvent>();
  for (const event of events) if (event.type === 'complete') completes.set(event.id, event);
  const paired: PairedOperation[] = [];
  for (const event of events) {
    if (event.type !== 'invoke') continue;
    const complete = completes.get(event.id);
    paired.push({
      id: event.id,
      client: event.client,
      key: event.key,
      operation: event.operation,
      invokedAt: event.time,
      completedAt: complete?.time ?? null,
      result: complete?.result ?? null,
    });
  }
  return paired;
}
