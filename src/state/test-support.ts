/** Builders for log entries and objects, and a scratch state machine, shared by the tests and the benchmark. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LogEntry } from '../raft/types.js';
import { encodeCommand, type NetworkRanges, type ObjectKey, type Operation } from './commands.js';
import type { JsonObject } from './json.js';
import { StateMachine, type CommandResult } from './state-machine.js';

export const fixedNow = '2025-01-02T03:04:05Z';

export function commandEntry(index: number, operations: readonly Operation[], now: string = fixedNow): LogEntry {
  return { index, term: 1, type: 'command', data: encodeCommand({ version: 1, type: 'transaction', now, operations }) };
}

export function rawEntry(index: number, data: Uint8Array): LogEntry {
  return { index, term: 1, type: 'command', data };
}

export function configMap(
  name: string,
  data: Record<string, string>,
  extra: { namespace?: string; labels?: Record<string, string>; finalizers?: string[] } = {},
): JsonObject {
  const metadata: JsonObject = {
    name,
    namespace: extra.namespace ?? 'default',
    uid: `uid-${name}`,
    creationTimestamp: fixedNow,
  };
  if (extra.labels !== undefined) metadata['labels'] = extra.labels;
  if (extra.finalizers !== undefined) metadata['finalizers'] = extra.finalizers;
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata, data };
}

export function pod(name: string, spec: JsonObject, status?: JsonObject): JsonObject {
  const object: JsonObject = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', uid: `uid-${name}`, creationTimestamp: fixedNow },
    spec,
  };
  if (status !== undefined) object['status'] = status;
  return object;
}

export function keyFor(kind: string, name: string, namespace = 'default'): ObjectKey {
  return { kind, namespace, name };
}

/**
 * A state machine in a scratch folder for one test, fed one entry per call in
 * log order: `open()` in beforeEach, `close()` in afterEach; `reopen()` starts
 * a new StateMachine on the same folder, as a restart does.
 */
export class ScratchState {
  private folder = '';
  private machine: StateMachine | undefined;
  private index = 0;

  constructor(private readonly prefix: string) {}

  get state(): StateMachine {
    if (this.machine === undefined) throw new Error('ScratchState: open() first');
    return this.machine;
  }

  get directory(): string {
    return this.folder;
  }

  open(): void {
    this.folder = mkdtempSync(join(tmpdir(), this.prefix));
    this.machine = new StateMachine({ directory: this.folder });
    this.index = 0;
  }

  reopen(): void {
    this.machine?.close();
    this.machine = new StateMachine({ directory: this.folder });
  }

  /** One transaction command at the next index (with the ranges a master would carry, when given). */
  apply(operations: Operation[], network?: NetworkRanges): CommandResult {
    this.index += 1;
    const command = {
      version: 1 as const,
      type: 'transaction' as const,
      now: fixedNow,
      operations,
      ...(network === undefined ? {} : { network }),
    };
    return this.state.apply({ index: this.index, term: 1, type: 'command', data: encodeCommand(command) });
  }

  close(): void {
    this.machine?.close();
    this.machine = undefined;
    rmSync(this.folder, { recursive: true, force: true });
  }
}
