/**
 * A tiny in-memory world for testing pure cores together: objects by key, actions
 * applied one at a time (uids and revisions assigned, creates of taken names
 * refused), and a hook after every single write so a test can check an
 * invariant at every moment a watch could observe.
 */
import type { OrcaObject } from '../../api/index.js';
import type { Action } from '../runtime/actions.js';
import { staticView, type ClusterView } from '../runtime/cluster-view.js';

export class SimulatedWorld {
  private readonly objects = new Map<string, OrcaObject>();
  private revision = 0;
  private uids = 0;

  constructor(private readonly afterWrite: (world: SimulatedWorld) => void = () => undefined) {}

  static key(kind: string, namespace: string, name: string): string {
    return `${kind}/${namespace}/${name}`;
  }

  private keyOf(object: OrcaObject): string {
    return SimulatedWorld.key(object.kind, object.metadata?.namespace ?? '', object.metadata?.name ?? '');
  }

  view(): ClusterView {
    return staticView([...this.objects.values()]);
  }

  all(): OrcaObject[] {
    return [...this.objects.values()];
  }

  /** Write as a client would: create (new uid), update/updateStatus (CAS when a resourceVersion is given). Returns false on a refused write. */
  put(object: OrcaObject, mode: 'create' | 'update' | 'updateStatus' = 'create'): boolean {
    const key = this.keyOf(object);
    const stored = this.objects.get(key);
    if (mode === 'create' && stored !== undefined) return false;
    if (
      mode !== 'create' &&
      (stored === undefined ||
        ((object.metadata?.resourceVersion ?? '') !== '' &&
          object.metadata?.resourceVersion !== stored.metadata?.resourceVersion))
    )
      return false;
    this.revision += 1;
    const base =
      mode === 'updateStatus' && stored !== undefined
        ? { ...stored, status: (object as { status?: unknown }).status }
        : object;
    const generation = (stored?.metadata?.generation ?? 0) + (mode === 'updateStatus' ? 0 : 1);
    const metadata = {
      ...base.metadata,
      uid: stored?.metadata?.uid ?? `uid-${++this.uids}`,
      resourceVersion: String(this.revision),
      generation,
      creationTimestamp: stored?.metadata?.creationTimestamp ?? new Date(this.revision * 1000).toISOString(),
    };
    this.objects.set(key, { ...base, metadata } as OrcaObject);
    this.afterWrite(this);
    return true;
  }

  remove(kind: string, namespace: string, name: string): void {
    if (this.objects.delete(SimulatedWorld.key(kind, namespace, name))) {
      this.revision += 1;
      this.afterWrite(this);
    }
  }

  /** Applies actions in order; stops at the first refused one, as the executor does on a conflict. */
  apply(actions: readonly Action[]): number {
    let applied = 0;
    for (const action of actions) {
      if (!this.applyOne(action)) break;
      applied += 1;
    }
    return applied;
  }

  private applyOne(action: Action): boolean {
    switch (action.type) {
      case 'delete':
        this.remove(action.kind, action.namespace, action.name);
        return true;
      case 'transact':
        // One operation at a time (no workload core transacts; the node lifecycle does, and is tested against a real master).
        return action.operations.every((operation) => {
          if ('create' in operation) return this.put(operation.create, 'create');
          if ('update' in operation) return this.put(operation.update, 'update');
          if ('updateStatus' in operation) return this.put(operation.updateStatus, 'updateStatus');
          if ('delete' in operation)
            return (this.remove(operation.delete.kind, operation.delete.namespace ?? '', operation.delete.name), true);
          return true;
        });
      default:
        return this.put(action.object, action.type);
    }
  }
}
