import { describe, expect, it } from 'vitest';
import type { ConfigMap, Lease, Namespace, Node, Pod, Service } from '../../api/index.js';
import { desiredEndpoints } from './endpoints.js';
import { decideGarbage } from './garbage-collector.js';
import { decideNamespace } from './namespace-deletion.js';
import {
  decideNodeLifecycle,
  hasUnreachableTaint,
  recoveredNode,
  unreachableNode,
  type LeaseObservation,
} from './node-lifecycle.js';

const node = (name: string): Node => ({
  apiVersion: 'v1',
  kind: 'Node',
  metadata: { name },
  spec: {},
  status: { conditions: [{ type: 'Ready', status: 'True' }] },
});
const lease = (name: string, renewTime: string): Lease => ({
  apiVersion: 'coordination.k8s.io/v1',
  kind: 'Lease',
  metadata: { name, namespace: 'kube-node-lease' },
  spec: { renewTime },
});
const pod = (
  name: string,
  nodeName: string,
  extra: Partial<Pod['spec']> = {},
  labels: Record<string, string> = {},
): Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default', uid: `uid-${name}`, labels },
  spec: { nodeName, containers: [{ name: 'c', image: 'i' }], ...extra },
});

describe('node lifecycle core (injected clock)', () => {
  const grace = 10_000;
  const eviction = 5_000;
  const run = (
    now: number,
    nodes: Node[],
    renewTimes: Record<string, string>,
    observations: Map<string, LeaseObservation>,
    pods: Pod[] = [],
  ) =>
    decideNodeLifecycle({
      nodes,
      leases: new Map(Object.entries(renewTimes).map(([name, time]) => [name, lease(name, time)])),
      pods,
      observations,
      now,
      nodeGraceMs: grace,
      evictionMs: eviction,
    });

  it('gives a node one grace period from first sight, then marks it unreachable', () => {
    const first = run(0, [node('a')], { a: 't0' }, new Map());
    expect(first.unreachable).toEqual([]);
    expect(first.nextCheckAt).toBe(grace);
    const later = run(grace - 1, [node('a')], { a: 't0' }, first.observations);
    expect(later.unreachable).toEqual([]);
    const stale = run(grace, [node('a')], { a: 't0' }, later.observations);
    expect(stale.unreachable.map((item) => item.metadata?.name)).toEqual(['a']);
  });

  it('keeps a node whose lease keeps moving, whatever its clock says', () => {
    let observations = run(0, [node('a')], { a: '1999-01-01T00:00:00Z' }, new Map()).observations;
    observations = run(9_000, [node('a')], { a: '1999-01-01T00:00:01Z' }, observations).observations;
    const decision = run(15_000, [node('a')], { a: '1999-01-01T00:00:01Z' }, observations);
    expect(decision.unreachable).toEqual([]);
    expect(decision.nextCheckAt).toBe(19_000);
  });

  it('evicts pods after their toleration, never tolerating ones, and spares DaemonSet pods', () => {
    const tainted = unreachableNode(node('a'), new Date(100_000).toISOString());
    expect(hasUnreachableTaint(tainted)).toBe(true);
    const plain = pod('plain', 'a');
    const patient = pod('patient', 'a', {
      tolerations: [
        { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 30 },
      ],
    });
    const forever = pod('forever', 'a', { tolerations: [{ operator: 'Exists' }] });
    const daemon: Pod = {
      ...pod('daemon', 'a'),
      metadata: {
        ...pod('daemon', 'a').metadata,
        ownerReferences: [{ kind: 'DaemonSet', name: 'd', uid: 'd', controller: true }],
      },
    };
    const observations = new Map([['a', { renewTime: 'x', observedAt: 0 }]]);
    const early = run(104_000, [tainted], { a: 'x' }, observations, [plain, patient, forever, daemon]);
    expect(early.unreachable).toEqual([]);
    expect(early.evictions).toEqual([]);
    expect(early.nextCheckAt).toBe(105_000);
    const due = run(105_000, [tainted], { a: 'x' }, observations, [plain, patient, forever, daemon]);
    expect(due.evictions.map((item) => item.metadata?.name)).toEqual(['plain']);
    const much = run(130_000, [tainted], { a: 'x' }, observations, [patient, forever, daemon]);
    expect(much.evictions.map((item) => item.metadata?.name)).toEqual(['patient']);
  });

  it('lifts the taint once the lease moves again', () => {
    const tainted = unreachableNode(node('a'), new Date(0).toISOString());
    const observations = new Map([['a', { renewTime: 'old', observedAt: 0 }]]);
    const decision = run(50_000, [tainted], { a: 'new' }, observations);
    expect(decision.recovered.map((item) => item.metadata?.name)).toEqual(['a']);
    const recovered = recoveredNode(tainted, 'now');
    expect(hasUnreachableTaint(recovered)).toBe(false);
    expect(recovered.status?.conditions?.find((condition) => condition.type === 'Ready')?.status).toBe('True');
  });
});

describe('garbage collection core', () => {
  const kinds = new Set(['ConfigMap', 'Pod']);
  const owner = (name: string, finalizers: string[] = [], marked = false): ConfigMap => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, uid: name, finalizers, ...(marked ? { deletionTimestamp: 't' } : {}) },
  });
  const dependent = (name: string, ...owners: string[]): ConfigMap => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, uid: name, ownerReferences: owners.map((uid) => ({ kind: 'ConfigMap', name: uid, uid })) },
  });
  const summary = (actions: ReturnType<typeof decideGarbage>) =>
    actions.map((action) => `${action.type} ${action.object.metadata?.name ?? ''}`);

  it.each([
    { case: 'owner present: nothing', objects: [owner('o'), dependent('d', 'o')], expected: [] },
    { case: 'owner gone: delete the dependent', objects: [dependent('d', 'o')], expected: ['delete d'] },
    { case: 'one owner of two left: keep', objects: [owner('o1'), dependent('d', 'o1', 'o2')], expected: [] },
    {
      case: 'foreground owner: delete the dependent first',
      objects: [owner('o', ['foregroundDeletion'], true), dependent('d', 'o')],
      expected: ['delete d'],
    },
    {
      case: 'foreground owner without dependents: release it',
      objects: [owner('o', ['foregroundDeletion'], true)],
      expected: ['removeFinalizer o'],
    },
    {
      case: 'orphan owner: drop the reference',
      objects: [owner('o', ['orphan'], true), dependent('d', 'o')],
      expected: ['removeOwners d'],
    },
    {
      case: 'orphan owner alone: release it',
      objects: [owner('o', ['orphan'], true)],
      expected: ['removeFinalizer o'],
    },
  ])('$case', ({ objects, expected }) => {
    expect(summary(decideGarbage(objects, kinds))).toEqual(expected);
  });

  it('does not judge owners of kinds it does not watch', () => {
    const object: ConfigMap = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'd', uid: 'd', ownerReferences: [{ kind: 'Ingress', name: 'x', uid: 'x' }] },
    };
    expect(decideGarbage([object], kinds)).toEqual([]);
  });
});

describe('namespace deletion core', () => {
  const namespace = (phase: string, marked: boolean, finalizers = ['kubernetes']): Namespace => ({
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: 'n', finalizers, ...(marked ? { deletionTimestamp: 't' } : {}) },
    status: { phase },
  });
  it.each([
    { case: 'live namespace', input: namespace('Active', false), remaining: 3, step: 'none' },
    { case: 'just marked', input: namespace('Active', true), remaining: 3, step: 'markTerminating' },
    { case: 'terminating with objects', input: namespace('Terminating', true), remaining: 3, step: 'deleteContents' },
    { case: 'terminating and empty', input: namespace('Terminating', true), remaining: 0, step: 'removeFinalizer' },
  ])('$case → $step', ({ input, remaining, step }) => {
    expect(decideNamespace(input, remaining).type).toBe(step);
  });
});

describe('Endpoints core', () => {
  const service: Service = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'web', namespace: 'default' },
    spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: { strVal: 'http' } }] },
  };
  const running = (name: string, ip: string, ready: boolean, containerPort: number): Pod => {
    const base = pod(
      name,
      'n1',
      { containers: [{ name: 'c', image: 'i', ports: [{ name: 'http', containerPort }] }] },
      { app: 'web' },
    );
    return {
      ...base,
      status: { phase: 'Running', podIp: ip, conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] },
    };
  };

  it('splits ready from not-ready pods and resolves named ports per pod', () => {
    const endpoints = desiredEndpoints(service, [
      running('a', '10.0.0.2', true, 8080),
      running('b', '10.0.0.1', false, 8080),
      running('c', '10.0.0.3', true, 9090),
    ]);
    expect(endpoints?.subsets).toEqual([
      {
        addresses: [expect.objectContaining({ ip: '10.0.0.2' })],
        notReadyAddresses: [expect.objectContaining({ ip: '10.0.0.1' })],
        ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
      },
      {
        addresses: [expect.objectContaining({ ip: '10.0.0.3' })],
        notReadyAddresses: [],
        ports: [{ name: 'http', port: 9090, protocol: 'TCP' }],
      },
    ]);
  });

  it('names the address after a pod whose subdomain is the Service (StatefulSet pods), and no other', () => {
    const member = running('db-0', '10.0.0.4', true, 8080);
    const named = { ...member, spec: { ...member.spec, hostname: 'db-0', subdomain: 'web' } } as Pod;
    const elsewhere = {
      ...member,
      metadata: { ...member.metadata, name: 'db-1' },
      status: { ...member.status, podIp: '10.0.0.5' },
      spec: { ...member.spec, hostname: 'db-1', subdomain: 'other' },
    } as Pod;
    const addresses = desiredEndpoints(service, [named, elsewhere])?.subsets?.[0]?.addresses ?? [];
    expect(addresses.map((address) => [address.ip, address.hostname])).toEqual([
      ['10.0.0.4', 'db-0'],
      ['10.0.0.5', undefined],
    ]);
  });

  it('leaves out pods without an IP, terminating pods, other namespaces, and Services without a selector', () => {
    const noIp = { ...running('a', '', true, 80) };
    const terminating = {
      ...running('b', '10.0.0.9', true, 80),
      metadata: { ...running('b', '10.0.0.9', true, 80).metadata, deletionTimestamp: 't' },
    };
    const elsewhere = {
      ...running('c', '10.0.0.8', true, 80),
      metadata: { ...running('c', '10.0.0.8', true, 80).metadata, namespace: 'other' },
    };
    expect(desiredEndpoints(service, [noIp, terminating, elsewhere])?.subsets).toEqual([]);
    expect(desiredEndpoints({ ...service, spec: { ports: service.spec?.ports } }, [])).toBeUndefined();
  });
});
