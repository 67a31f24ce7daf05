/**
 * A small key-value FSM: the example state machine of raft-ts, used by the node's
 * tests, the real-process tests and the benchmarks. Commands are JSON; every
 * replica applies them identically. Snapshots are the JSON of the whole map,
 * written in bounded chunks.
 */
import type { FSM, FSMSnapshot, SnapshotSink, SnapshotSource } from '../interfaces.js';
import type { LogEntry } from '../types.js';

export type KvCommand =
  | { readonly op: 'put'; readonly key: string; readonly value: string }
  | { readonly op: 'delete'; readonly key: string }
  | { readonly op: 'cas'; readonly key: string; readonly expected: string | null; readonly value: string };

export interface KvResult {
  readonly ok: boolean;
  /** The value before the command. */
  readonly previous: string | null;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const chunkBytes = 64 * 1024;

export function encodeKvCommand(command: KvCommand): Uint8Array {
  return encoder.encode(JSON.stringify(command));
}

export class KvFsm implements FSM {
  private readonly data = new Map<string, string>();
  /** Every applied command index, in order (tests compare replicas with it). */
  readonly appliedIndexes: number[] = [];
  private readonly recordHistory: boolean;

  constructor(options: { recordHistory?: boolean } = {}) {
    this.recordHistory = options.recordHistory ?? false;
  }

  get(key: string): string | null {
    return this.data.get(key) ?? null;
  }

  get size(): number {
    return this.data.size;
  }

  entries(): [string, string][] {
    return [...this.data.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }

  apply(entry: LogEntry): KvResult {
    if (this.recordHistory) this.appliedIndexes.push(entry.index);
    const command = JSON.parse(decoder.decode(entry.data)) as KvCommand;
    const previous = this.data.get(command.key) ?? null;
    switch (command.op) {
      case 'put':
        this.data.set(command.key, command.value);
        return { ok: true, previous };
      case 'delete':
        this.data.delete(command.key);
        return { ok: previous !== null, previous };
      case 'cas':
        if (previous !== command.expected) return { ok: false, previous };
        this.data.set(command.key, command.value);
        return { ok: true, previous };
    }
  }

  snapshot(): FSMSnapshot {
    const bytes = encoder.encode(JSON.stringify(this.entries()));
    return {
      async persist(sink: SnapshotSink): Promise<void> {
        for (let offset = 0; offset < bytes.byteLength; offset += chunkBytes) {
          await sink.write(bytes.subarray(offset, offset + chunkBytes));
        }
      },
      release: () => undefined,
    };
  }

  async restore(source: SnapshotSource): Promise<void> {
    const parts: Uint8Array[] = [];
    for await (const chunk of source.chunks()) parts.push(chunk);
    const json = decoder.decode(Buffer.concat(parts));
    const pairs = JSON.parse(json === '' ? '[]' : json) as [string, string][];
    this.data.clear();
    for (const [key, value] of pairs) this.data.set(key, value);
  }
}
