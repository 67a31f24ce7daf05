/**
 * The judgements passed on a recorded run, each a pure function of the record:
 * linearizability per object, no lost acknowledged write, agreeing watches and
 * availability. Convergence needs the live cluster and lives in convergence.ts.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkLinearizability, formatHistory } from '../../src/raft/sim/linearizability.js';
import {
  pairOperations,
  type FinalObject,
  type HistoryEvent,
  type PairedOperation,
  type RunRecord,
  type WatchLog,
  type WatchRecord,
} from './history.js';
import { indexVersions, registerHistory, registerModel } from './object-model.js';

export interface LinearizabilityVerdict {
  /** 'unknown' when the search budget ran out on some key (reported, not passed). */
  readonly verdict: 'linearizable' | 'not-linearizable' | 'unknown';
  /** Per failing key: what went wrong and where its window was written. */
  readonly failures: string[];
}

const checkStepsMax = 5_000_000;

function byKey(operations: readonly PairedOperation[]): Map<string, PairedOperation[]> {
  const keys = new Map<string, PairedOperation[]>();
  for (const operation of operations) {
    const list = keys.get(operation.key) ?? [];
    list.push(operation);
    keys.set(operation.key, list);
  }
  return keys;
}

/** Linearizability of every object; a non-linearizable key's minimal window goes to `failureDir`/window-KEY.txt. */
export function judgeLinearizability(record: RunRecord, failureDir: string | null): LinearizabilityVerdict {
  const operations = pairOperations(record.events);
  const versions = indexVersions(operations, record.watches, record.final ?? []);
  const failures = versions.anomalies.slice(0, 20).map((anomaly) => `resourceVersions disagree: ${anomaly}`);
  let unknown = false;
  for (const [key, keyOperations] of [...byKey(operations)].sort(([a], [b]) => a.localeCompare(b))) {
    const history = registerHistory(keyOperations, versions);
    const result = checkLinearizability(registerModel, history, { stepsMax: checkStepsMax });
    if (result.verdict === 'unknown') unknown = true;
    if (result.verdict !== 'not-linearizable') continue;
    const window = formatHistory(registerModel, result.window);
    let where = '';
    if (failureDir !== null) {
      const path = join(failureDir, `window-${key}.txt`);
      writeFileSync(
        path,
        `scenario ${record.scenario}, seed ${record.seed}, object ${key}: not linearizable (times in ms since the run began)\n${window}\n`,
      );
      where = ` (window in ${path})`;
    }
    failures.push(`${key}: not linearizable, ${result.window.length} operations in the minimal window${where}`);
  }
  const verdict = failures.length > 0 ? 'not-linearizable' : unknown ? 'unknown' : 'linearizable';
  return { verdict, failures };
}

function writesOf(operations: readonly PairedOperation[]): PairedOperation[] {
  return operations.filter(
    (operation) => operation.operation.op !== 'read' && operation.result?.kind !== 'not-applied',
  );
}

/** Whether `candidate` may have taken effect after `write`: it could apply, and did not finish before `write` began. */
function mayFollow(candidate: PairedOperation, write: PairedOperation): boolean {
  const applied =
    candidate.result === null || candidate.result.kind === 'ok' || candidate.result.kind === 'indeterminate';
  return (
    applied && candidate.id !== write.id && (candidate.completedAt === null || candidate.completedAt >= write.invokedAt)
  );
}

/**
 * Acknowledged writes missing from the final state: for each, the final value
 * (or absence) must be the write's own, or come from a write (acknowledged or
 * indeterminate) that may have taken effect after it.
 */
export function lostAcknowledgedWrites(events: readonly HistoryEvent[], final: readonly FinalObject[]): string[] {
  const finalByKey = new Map(final.map((object) => [object.key, object.value]));
  const lost: string[] = [];
  for (const [key, operations] of byKey(pairOperations(events))) {
    const writes = writesOf(operations);
    const finalValue = finalByKey.get(key) ?? null;
    const producers = writes.filter((write) =>
      finalValue === null
        ? write.operation.op === 'delete'
        : 'value' in write.operation && write.operation.value === finalValue,
    );
    for (const write of writes) {
      if (write.result?.kind !== 'ok') continue;
      const own =
        write.operation.op === 'delete'
          ? finalValue === null
          : 'value' in write.operation && write.operation.value === finalValue;
      if (own || producers.some((producer) => mayFollow(producer, write))) continue;
      lost.push(
        `${key}: acknowledged ${write.operation.op} #${write.id} at ${write.completedAt?.toFixed(1)} ms is not in the final state (${String(finalValue)}) and nothing later replaced it`,
      );
    }
  }
  return lost;
}

export interface WatchVerdict {
  readonly problems: string[];
  /** Events in the union of every stream. */
  readonly events: number;
}

function sameEvent(a: WatchRecord, b: WatchRecord): boolean {
  return a.type === b.type && a.key === b.key && a.value === b.value && a.version === b.version;
}

/** The union of every stream, in revision order; a revision two streams report differently is a problem. */
function mergeStreams(watches: readonly WatchLog[], problems: string[]): WatchRecord[] {
  const byVersion = new Map<string, WatchRecord>();
  for (const log of watches) {
    let previous = 0n;
    for (const event of log.events) {
      const version = BigInt(event.version);
      if (version <= previous)
        problems.push(`watch on ${log.master}: revision ${event.version} after ${previous} (out of order or repeated)`);
      previous = version;
      const seen = byVersion.get(event.version + '/' + event.key);
      if (seen !== undefined && !sameEvent(seen, event))
        problems.push(
          `watch on ${log.master}: revision ${event.version} is ${JSON.stringify(event)}, another master says ${JSON.stringify(seen)}`,
        );
      byVersion.set(event.version + '/' + event.key, event);
    }
  }
  return [...byVersion.values()].sort((a, b) =>
    BigInt(a.version) < BigInt(b.version) ? -1 : BigInt(a.version) > BigInt(b.version) ? 1 : a.key.localeCompare(b.key),
  );
}

/**
 * Every stream is the union restricted to the revisions it covered (no gaps);
 * streams of masters alive to the end reach the union's last revision; the union
 * replayed gives the final state; every acknowledged write is in the union.
 */
export function judgeWatches(record: RunRecord, survivors: ReadonlySet<string>): WatchVerdict {
  const problems: string[] = [];
  const merged = mergeStreams(record.watches, problems);
  const lastVersion = merged.at(-1)?.version ?? '0';
  for (const log of record.watches) {
    if (log.error !== null && survivors.has(log.master)) problems.push(`watch on ${log.master} ended: ${log.error}`);
    const from = BigInt(log.fromVersion === '' ? '0' : log.fromVersion);
    const to = survivors.has(log.master) ? BigInt(lastVersion) : BigInt(log.events.at(-1)?.version ?? '0');
    const expected = merged.filter((event) => BigInt(event.version) > from && BigInt(event.version) <= to);
    const got = log.events.filter((event) => BigInt(event.version) > from);
    const missing = expected.filter((event) => !got.some((seen) => sameEvent(seen, event)));
    if (missing.length > 0)
      problems.push(`watch on ${log.master}: ${missing.length} events missing, first ${JSON.stringify(missing[0])}`);
  }
  const replayed = new Map<string, string>();
  for (const event of merged) {
    if (event.type === 'DELETED' || event.value === null) replayed.delete(event.key);
    else replayed.set(event.key, event.value);
  }
  for (const object of record.final ?? []) {
    if (replayed.get(object.key) !== object.value)
      problems.push(
        `watches replayed give ${object.key}=${String(replayed.get(object.key))}, the final state has ${object.value}`,
      );
  }
  const finalKeys = new Set((record.final ?? []).map((object) => object.key));
  for (const key of replayed.keys())
    if (!finalKeys.has(key))
      problems.push(`watches replayed give ${key}=${replayed.get(key)}, absent from the final state`);
  for (const operation of pairOperations(record.events)) {
    const result = operation.result;
    if (result?.kind !== 'ok' || operation.operation.op === 'read' || operation.operation.op === 'delete') continue;
    if (!merged.some((event) => event.version === result.version && event.key === operation.key))
      problems.push(
        `acknowledged ${operation.operation.op} of ${operation.key} at revision ${result.version} never reached a watch`,
      );
  }
  return { problems: problems.slice(0, 50), events: merged.length };
}

export interface AvailabilityVerdict {
  /** Per fault start: milliseconds to the first successful write sent after it (null: none before the run ended). */
  readonly failoverMs: (number | null)[];
  readonly failoverMsP50: number | null;
  readonly failoverMsP99: number | null;
  readonly failoverMsMax: number | null;
  /** Longest stretch of the run without a successful write. */
  readonly maxUnavailableMs: number;
}

export function percentile(sorted: readonly number[], fraction: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] ?? null;
}

export function judgeAvailability(events: readonly HistoryEvent[], runEndMs: number): AvailabilityVerdict {
  const operations = pairOperations(events);
  const successfulWrites = operations.filter(
    (operation) =>
      operation.operation.op !== 'read' && operation.result?.kind === 'ok' && operation.completedAt !== null,
  );
  const successes = successfulWrites.map((operation) => operation.completedAt as number).sort((a, b) => a - b);
  const faultStarts = events
    .filter((event) => event.type === 'fault' && event.phase === 'start')
    .map((event) => event.time);
  // A write already in flight when the fault began may still commit; failover counts from writes sent after it.
  const failoverMs = faultStarts.map((start) => {
    const after = successfulWrites
      .filter((operation) => operation.invokedAt >= start)
      .map((operation) => operation.completedAt as number);
    return after.length === 0 ? null : Math.min(...after) - start;
  });
  const known = failoverMs.filter((value): value is number => value !== null).sort((a, b) => a - b);
  const firstOperation = operations[0]?.invokedAt ?? 0;
  let maxUnavailableMs = 0;
  let previous = firstOperation;
  for (const time of [...successes, runEndMs]) {
    maxUnavailableMs = Math.max(maxUnavailableMs, time - previous);
    previous = time;
  }
  return {
    failoverMs,
    failoverMsP50: percentile(known, 0.5),
    failoverMsP99: percentile(known, 0.99),
    failoverMsMax: known.at(-1) ?? null,
    maxUnavailableMs: Math.round(maxUnavailableMs),
  };
}
