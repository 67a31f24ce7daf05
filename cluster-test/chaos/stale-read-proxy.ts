/**
 * A deliberately broken read path, for showing that the checker catches what it
 * exists to catch: it answers reads from one follower's local state (a stale
 * read) while the history records them as linearizable reads, exactly what a
 * master that let followers serve reads locally would do.
 */
import type { ChaosCluster } from './chaos-cluster.js';
import type { HistoryRecorder, ObjectResult } from './history.js';
import { resultOfError } from './workload.js';

export class StaleReadProxy {
  constructor(
    private readonly cluster: ChaosCluster,
    private readonly follower: string,
    private readonly namespace: string,
  ) {}

  /** A read recorded as linearizable but served from the follower's replica. */
  async read(recorder: HistoryRecorder, clientId: number, key: string): Promise<ObjectResult> {
    const id = recorder.invoke(clientId, key, { op: 'read' });
    let result: ObjectResult;
    try {
      const object = await this.cluster
        .clientFor(this.follower)
        .get({ kind: 'ConfigMap', namespace: this.namespace, name: key }, { consistency: 'stale' });
      result = { kind: 'ok', value: object.data?.['value'] ?? null, version: object.metadata?.resourceVersion ?? '' };
    } catch (error: unknown) {
      result = resultOfError(error);
    }
    recorder.complete(id, result);
    return result;
  }
}
