/**
 * After healing, every master must reach the same applied index and hold the
 * same objects (a checksum of a local, stale list) within a bound.
 */
import { createHash } from 'node:crypto';
import { waitFor } from '../raft/replica-cluster.js';
import type { ChaosMasters } from './chaos-masters.js';
import type { FinalObject } from './history.js';

export interface ConvergenceVerdict {
  readonly converged: boolean;
  readonly ms: number;
  readonly detail: string;
}

interface MasterView {
  readonly name: string;
  readonly appliedIndex: number;
  readonly checksum: string;
}

async function viewOf(cluster: ChaosMasters, name: string, namespace: string): Promise<MasterView | undefined> {
  const members = await cluster.probe(name, 2_000);
  if (members === undefined) return undefined;
  const list = await cluster.clientFor(name).listAll('ConfigMap', { namespace, consistency: 'stale' });
  const hash = createHash('sha256');
  for (const item of [...list.items].sort((a, b) => (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? ''))) {
    hash.update(JSON.stringify([item.metadata?.name, item.metadata?.resourceVersion, item.data]));
  }
  return { name, appliedIndex: members.appliedIndex, checksum: hash.digest('hex').slice(0, 16) };
}

export async function awaitConvergence(
  cluster: ChaosMasters,
  namespace: string,
  boundMs: number,
): Promise<ConvergenceVerdict> {
  const started = Date.now();
  let last: (MasterView | undefined)[] = [];
  try {
    await waitFor(
      'every master at the same applied index and state checksum',
      boundMs,
      async () => {
        const names = cluster
          .masters()
          .filter((master) => master.running)
          .map((master) => master.name);
        last = await Promise.all(names.map((name) => viewOf(cluster, name, namespace).catch(() => undefined)));
        const first = last[0];
        if (
          first === undefined ||
          last.some(
            (view) =>
              view === undefined || view.appliedIndex !== first.appliedIndex || view.checksum !== first.checksum,
          )
        )
          return undefined;
        return true;
      },
      200,
    );
    return { converged: true, ms: Date.now() - started, detail: '' };
  } catch {
    return { converged: false, ms: Date.now() - started, detail: JSON.stringify(last) };
  }
}

/** The objects of the run as a linearizable list through any master that answers. */
export async function finalState(cluster: ChaosMasters, namespace: string, prefix: string): Promise<FinalObject[]> {
  return waitFor(
    'a linearizable list of the final state',
    30_000,
    async () => {
      for (const master of cluster.masters().filter((candidate) => candidate.running)) {
        try {
          const list = await cluster.clientFor(master.name).listAll('ConfigMap', { namespace });
          return list.items
            .filter((item) => (item.metadata?.name ?? '').startsWith(prefix))
            .map((item) => ({
              key: item.metadata?.name ?? '',
              value: item.data?.['value'] ?? '',
              version: item.metadata?.resourceVersion ?? '',
            }));
        } catch {
          // the next master
        }
      }
      return undefined;
    },
    200,
  );
}
