import { describe, expect, it } from 'vitest';
import type { ConfigMap, KindName, Lease, Node, OrcaObject, Pod, Service } from '../../api/index.js';
import { ClientError, type ObjectClient, type WatchEvent, type WatchStream } from '../../client/index.js';
import { staticView, type ClusterView } from '../runtime/cluster-view.js';
import { ObjectCache } from '../runtime/object-cache.js';
import type { ObjectReader, ReconcileContext } from '../runtime/run-controller.js';
import { endpointsController, podsByLabel, servicesBySelector } from './endpoints.js';
import { garbageCollectorController } from './garbage-collector.js';
import { nodeLifecycleController, podsByNode, unreachableNode } from './node-lifecycle.js';

/** Lists fixed objects and watches forever: enough to fill an ObjectCache. */
function listingClient(objects: readonly OrcaObject[]): ObjectClient {
  const refuse = (): never => {
    throw new ClientError('internal', 'not in this test');
  };
  return {
    create: refuse,
    get: refuse,
    list: refuse,
    update: refuse,
    updateStatus: refuse,
    delete: refuse,
    transact: refuse,
    listAll: (kind: KindName) =>
      Promise.resolve({ items: objects.filter((object) => object.kind === kind), resourceVersion: '1', continue: '' }),
    watch: () => {
      let close = (): void => undefined;
      const closed = new Promise<void>((resolve) => (close = resolve));
      const stream = {
        resourceVersion: '1',
        close,
        [Symbol.asyncIterator]: (): AsyncIterator<WatchEvent<never>> => ({
          next: async () => {
            await closed;
            return { done: true, value: undefined };
          },
        }),
      };
      return stream as unknown as WatchStream<never>;
    },
  } as unknown as ObjectClient;
}

/** Counts what a keysFor or reconcile reads. */
function countingView(view: ClusterView): { view: ClusterView; examined: Map<string, number> } {
  const examined = new Map<string, number>();
  const count = (kind: string, objects: unknown[]): void =>
    void examined.set(kind, (examined.get(kind) ?? 0) + objects.length);
  return {
    examined,
    view: {
      get: (kind, namespace, name) => view.get(kind, namespace, name),
      list: (kind, namespace) => {
        const objects = view.list(kind, namespace);
        count(kind, objects);
        return objects;
      },
      ownedBy: (kind, uid) => view.ownedBy(kind, uid),
      byIndex: (kind, index, value) => {
        const objects = view.byIndex(kind, index, value);
        count(kind, objects);
        return objects;
      },
    },
  };
}

const service = (name: string, app: string): Service => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name, namespace: 'default', uid: `uid-${name}` },
  spec: { selector: { app }, ports: [{ name: 'http', port: 80 }] },
});
const pod = (name: string, labels: Record<string, string>, nodeName = 'n1'): Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default', uid: `uid-${name}`, labels },
  spec: { nodeName, containers: [{ name: 'c', image: 'i' }] },
  status: { phase: 'Running', podIp: '10.0.0.9', conditions: [{ type: 'Ready', status: 'True' }] },
});
const context = (view: ClusterView, now = 0, reader?: ObjectReader): ReconcileContext => ({
  view,
  now,
  random: () => 0.5,
  reader: reader ?? ({} as ObjectReader),
});

describe('Endpoints keys with 5,000 Services', () => {
  it('maps a pod change to the Services selecting it, examining those alone', async () => {
    const services = Array.from({ length: 5000 }, (_, index) => service(`svc-${index}`, `app-${index}`));
    const web = pod('web-1', { app: 'app-7', tier: 'front' });
    const cache = new ObjectCache({
      client: listingClient([...services, web]),
      kinds: ['Service', 'Pod', 'Endpoints'],
      indexes: [podsByLabel, servicesBySelector],
      onChange: () => undefined,
    });
    await cache.start();
    const { view, examined } = countingView(cache);
    expect(endpointsController.keysFor?.(web, view)).toEqual(['default/svc-7']);
    expect(examined.get('Service')).toBe(1);
    // A label change: the Services of the old labels and of the new.
    const moved = pod('web-1', { app: 'app-8' });
    expect(endpointsController.keysFor?.(moved, view, web)).toEqual(['default/svc-8', 'default/svc-7']);
    examined.clear();
    const result = await endpointsController.reconcile('default/svc-7', context(view));
    expect(result.actions).toMatchObject([
      { type: 'create', object: { kind: 'Endpoints', metadata: { name: 'svc-7' } } },
    ]);
    expect(examined.get('Pod')).toBe(1);
    expect(examined.has('Service')).toBe(false);
    await cache.stop();
  });
});

describe('garbage collection by key', () => {
  const owner = (name: string, finalizers: string[] = []): ConfigMap => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name,
      namespace: 'default',
      uid: name,
      finalizers,
      ...(finalizers.length > 0 ? { deletionTimestamp: 't' } : {}),
    },
  });
  const dependent = (name: string, of: string): ConfigMap => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, namespace: 'default', uid: name, ownerReferences: [{ kind: 'ConfigMap', name: of, uid: of }] },
  });
  const controller = garbageCollectorController({ kinds: ['ConfigMap'] });

  it('queues a deleting owner when a dependent changes, and the dependents of an owner that went', () => {
    const view = staticView([owner('o', ['foregroundDeletion']), dependent('d', 'o')]);
    expect(controller.keysFor?.(dependent('d', 'o'), view)).toContain('ConfigMap:default/o');
    const without = staticView([dependent('d', 'gone')]);
    expect(controller.keysFor?.(owner('gone'), without)).toEqual(['ConfigMap:default/d']);
    // A live owner's own change queues nothing more.
    expect(controller.keysFor?.(owner('live'), staticView([owner('live'), dependent('x', 'live')]))).toEqual([]);
  });

  it('deletes a dependent of a foreground owner, then releases the owner once it is alone', async () => {
    const marked = owner('o', ['foregroundDeletion']);
    const first = await controller.reconcile('ConfigMap:default/d', context(staticView([marked, dependent('d', 'o')])));
    expect(first.actions).toMatchObject([{ type: 'delete', name: 'd', uid: 'd' }]);
    const waiting = await controller.reconcile(
      'ConfigMap:default/o',
      context(staticView([marked, dependent('d', 'o')])),
    );
    expect(waiting.actions).toEqual([]);
    const alone = await controller.reconcile('ConfigMap:default/o', context(staticView([marked])));
    expect(alone.actions).toMatchObject([{ type: 'update', object: { metadata: { name: 'o', finalizers: [] } } }]);
  });

  it('deletes an orphaned dependent only once the API confirms the owner is gone', async () => {
    const missing = { get: () => Promise.reject(new ClientError('not-found', 'gone')) } as unknown as ObjectReader;
    const present = { get: () => Promise.resolve(owner('o')) } as unknown as ObjectReader;
    const view = staticView([dependent('d', 'o')]);
    expect((await controller.reconcile('ConfigMap:default/d', context(view, 0, missing))).actions).toMatchObject([
      { type: 'delete', name: 'd' },
    ]);
    expect((await controller.reconcile('ConfigMap:default/d', context(view, 0, present))).actions).toEqual([]);
  });
});

describe('node lifecycle by key (injected clock)', () => {
  const node: Node = {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: 'a' },
    spec: {},
    status: { conditions: [{ type: 'Ready', status: 'True' }] },
  };
  const lease: Lease = {
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: { name: 'a', namespace: 'kube-node-lease' },
    spec: { renewTime: 't0' },
  };

  it('maps a Lease to its Node, requeues for the end of the grace, then taints and evicts', async () => {
    const controller = nodeLifecycleController({ nodeGraceMs: 10_000, evictionMs: 5_000 });
    expect(controller.keysFor?.(lease, staticView([]))).toEqual(['a']);
    const view = staticView([node, lease, pod('p', {}, 'a'), pod('elsewhere', {}, 'b')], [podsByNode]);
    const first = await controller.reconcile('a', context(view, 0));
    expect(first.actions).toEqual([]);
    expect(first.requeueAfterMs).toBe(10_000);
    const stale = await controller.reconcile('a', context(view, 10_000));
    expect(stale.actions.map((action) => action.type)).toEqual(['transact']);
    expect(stale.requeueAfterMs).toBe(5_000);
    const tainted = staticView(
      [unreachableNode(node, new Date(10_000).toISOString()), lease, pod('p', {}, 'a'), pod('elsewhere', {}, 'b')],
      [podsByNode],
    );
    const early = await controller.reconcile('a', context(tainted, 14_999));
    expect(early.actions).toEqual([]);
    expect(early.requeueAfterMs).toBe(1);
    const due = await controller.reconcile('a', context(tainted, 15_000));
    expect(due.actions).toMatchObject([{ type: 'delete', name: 'p', gracePeriodSeconds: 0 }]);
  });
});
