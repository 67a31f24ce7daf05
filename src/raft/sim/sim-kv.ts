/**
 * The replicated state machine of the simulation: a key-value map applied
 * synchronously. A command carries the operation only; every replica computes
 * the same result from the same sequence of entries.
 */
import type { FSM, FSMSnapshot, SnapshotSource } from '../interfaces.js';
import type { LogEntry, SnapshotMeta } from '../types.js';
import type { KvInput, KvOutput } from './kv-model.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export type KvCommand = Exclude<KvInput, { op: 'get' }>;

export function encodeCommand(command: KvCommand): Uint8Array {
  return encoder.encode(JSON.stringify(command));
}

export class SimKv {
  private values = new Map<string, string>();

  get(key: string): string | null {
    return this.values.get(key) ?? null;
  }

  apply(data: Uint8Array): KvOutput {
    const command = JSON.parse(decoder.decode(data)) as KvCommand;
    switch (command.op) {
      case 'put':
        this.values.set(command.key, command.value);
        return { op: 'put' };
      case 'delete':
        this.values.delete(command.key);
        return { op: 'delete' };
      case 'cas': {
        const swapped = (this.values.get(command.key) ?? null) === command.expected;
        if (swapped) this.values.set(command.key, command.value);
        return { op: 'cas', ok: swapped };
      }
    }
  }

  serialize(): Uint8Array {
    return encoder.encode(JSON.stringify([...this.values.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))));
  }

  restore(data: Uint8Array): void {
    this.values = new Map(JSON.parse(decoder.decode(data)) as [string, string][]);
  }
}

/** What the simulator learns from a server's state machine. */
export interface FsmObserver {
  /** A command reached the state machine. */
  applied(entry: LogEntry): void;
  /** The state machine was replaced by a snapshot (at open, or installed from the leader). */
  restored(meta: SnapshotMeta): void;
}

/** The key-value map behind the production node's FSM interface. */
export class SimKvFsm implements FSM {
  private readonly kv = new SimKv();

  constructor(private readonly observer: FsmObserver) {}

  get(key: string): string | null {
    return this.kv.get(key);
  }

  apply(entry: LogEntry): KvOutput {
    this.observer.applied(entry);
    return this.kv.apply(entry.data);
  }

  snapshot(): FSMSnapshot {
    const data = this.kv.serialize();
    return {
      persist: async (sink) => {
        await sink.write(data);
      },
      release: () => undefined,
    };
  }

  async restore(source: SnapshotSource): Promise<void> {
    const parts: Uint8Array[] = [];
    for await (const chunk of source.chunks()) parts.push(chunk);
    this.kv.restore(Buffer.concat(parts));
    this.observer.restored(source.meta);
  }
}
