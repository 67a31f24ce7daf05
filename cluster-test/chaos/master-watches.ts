/**
 * A watch on every master, each through a client pinned to that master, so the
 * verdict can compare what each one streamed. A watch survives its master's
 * restarts and partitions by resuming from the last revision it saw.
 */
import type { ConfigMap } from '../../src/api/index.js';
import type { WatchStream } from '../../src/client/index.js';
import type { ChaosCluster } from './chaos-cluster.js';
import type { WatchLog } from './history.js';

/** Events one master's log may hold. */
const watchEventsMax = 1_000_000;

export class MasterWatches {
  readonly logs: WatchLog[] = [];
  private readonly streams = new Map<string, WatchStream<ConfigMap>>();
  private readonly done: Promise<void>[] = [];

  constructor(
    private readonly cluster: ChaosCluster,
    private readonly namespace: string,
    private readonly prefix: string,
  ) {}

  /** Start watching `master` from the revision it lists at now. */
  async watch(master: string): Promise<void> {
    const client = this.cluster.clientFor(master);
    const list = await client.list('ConfigMap', { namespace: this.namespace });
    const log: WatchLog = { master, fromVersion: list.resourceVersion, events: [], error: null };
    this.logs.push(log);
    const stream = client.watch('ConfigMap', { namespace: this.namespace, resourceVersion: list.resourceVersion });
    this.streams.set(master, stream);
    this.done.push(this.drain(stream, log));
  }

  private async drain(stream: WatchStream<ConfigMap>, log: WatchLog): Promise<void> {
    try {
      for await (const event of stream) {
        const name = event.object.metadata?.name ?? '';
        if (event.type === 'BOOKMARK' || !name.startsWith(this.prefix)) continue;
        if (log.events.length >= watchEventsMax) throw new Error(`more than ${watchEventsMax} events`);
        log.events.push({
          type: event.type,
          key: name,
          version: event.resourceVersion,
          value: event.type === 'DELETED' ? null : (event.object.data?.['value'] ?? null),
        });
      }
    } catch (error: unknown) {
      log.error = error instanceof Error ? error.message : String(error);
    }
  }

  /** The last revision each master's watch delivered. */
  lastVersion(master: string): bigint {
    const log = this.logs.find((candidate) => candidate.master === master);
    return BigInt(log?.events.at(-1)?.version ?? '0');
  }

  async close(): Promise<void> {
    for (const stream of this.streams.values()) stream.close();
    await Promise.all(this.done);
  }
}
