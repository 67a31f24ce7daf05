import { describe, expect, it } from 'vitest';
import { applyStrategicMergePatch } from './strategic-merge-patch.js';
import { isPatchError, type PatchErrorCode } from './errors.js';
import type { Json } from './json.js';

/** A live Deployment as the server holds it. */
function deployment(): Json {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: 'web',
      namespace: 'default',
      labels: { app: 'web', tier: 'front' },
      finalizers: ['a.example.com/x', 'b.example.com/y'],
      ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'owner', uid: 'u-1' }],
    },
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: 'web' } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          containers: [
            {
              name: 'web',
              image: 'nginx:1',
              args: ['--a', '--b'],
              env: [
                { name: 'A', value: '1' },
                { name: 'B', value: '2' },
              ],
              ports: [{ containerPort: 80 }, { containerPort: 443 }],
              volumeMounts: [{ name: 'data', mountPath: '/data' }],
            },
            { name: 'sidecar', image: 'busybox', command: ['sh', '-c', 'sleep 1d'] },
          ],
          volumes: [{ name: 'data', emptyDir: {} }],
          tolerations: [{ key: 'a', operator: 'Exists' }],
          nodeSelector: { disk: 'ssd' },
          imagePullSecrets: [{ name: 'registry' }],
          hostAliases: [{ ip: '10.0.0.1', hostnames: ['one'] }],
        },
      },
    },
  };
}

function podSpec(object: Json): Json {
  return ((object['spec'] as Json)['template'] as Json)['spec'] as Json;
}

function container(object: Json, name: string): Json | undefined {
  return (podSpec(object)['containers'] as Json[]).find((item) => item['name'] === name);
}

const names = (list: unknown): unknown[] => (list as Json[]).map((item) => item['name']);
const templateSpec = (patch: Json): Json => ({ spec: { template: { spec: patch } } });

interface Case {
  readonly name: string;
  readonly patch: Json;
  readonly select: (result: Json) => unknown;
  readonly expected: unknown;
}

// Patches shaped as kubectl computes them (three-way, from last-applied-configuration), or as users write them.
const cases: Case[] = [
  {
    name: 'a scalar replaces (kubectl scale, kubectl patch -p)',
    patch: { spec: { replicas: 5 } },
    select: (result) => (result['spec'] as Json)['replicas'],
    expected: 5,
  },
  {
    name: 'null deletes a map key (a label removed from the manifest)',
    patch: { metadata: { labels: { tier: null } } },
    select: (result) => (result['metadata'] as Json)['labels'],
    expected: { app: 'web' },
  },
  {
    name: 'a map merges (nodeSelector gains a key)',
    patch: templateSpec({ nodeSelector: { zone: 'a' } }),
    select: (result) => podSpec(result)['nodeSelector'],
    expected: { disk: 'ssd', zone: 'a' },
  },
  {
    name: 'containers merge by name: a changed image leaves the other fields and containers alone',
    patch: templateSpec({
      '$setElementOrder/containers': [{ name: 'web' }, { name: 'sidecar' }],
      containers: [{ image: 'nginx:2', name: 'web' }],
    }),
    select: (result) => [
      names(podSpec(result)['containers']),
      container(result, 'web')?.['image'],
      container(result, 'web')?.['env'],
    ],
    expected: [
      ['web', 'sidecar'],
      'nginx:2',
      [
        { name: 'A', value: '1' },
        { name: 'B', value: '2' },
      ],
    ],
  },
  {
    name: 'a container removed from the manifest: $patch delete by name',
    patch: templateSpec({
      '$setElementOrder/containers': [{ name: 'web' }],
      containers: [{ $patch: 'delete', name: 'sidecar' }],
    }),
    select: (result) => names(podSpec(result)['containers']),
    expected: ['web'],
  },
  {
    name: 'a container added first: $setElementOrder places it',
    patch: templateSpec({
      '$setElementOrder/containers': [{ name: 'log' }, { name: 'web' }, { name: 'sidecar' }],
      containers: [{ image: 'fluentd', name: 'log' }],
    }),
    select: (result) => names(podSpec(result)['containers']),
    expected: ['log', 'web', 'sidecar'],
  },
  {
    name: 'a container added without $setElementOrder goes before the server-only ones (apimachinery order)',
    patch: templateSpec({ containers: [{ image: 'fluentd', name: 'log' }] }),
    select: (result) => names(podSpec(result)['containers']),
    expected: ['log', 'web', 'sidecar'],
  },
  {
    name: 'an env var changed: env merges by name, its order kept',
    patch: templateSpec({
      '$setElementOrder/containers': [{ name: 'web' }, { name: 'sidecar' }],
      containers: [
        { '$setElementOrder/env': [{ name: 'A' }, { name: 'B' }], env: [{ name: 'A', value: '9' }], name: 'web' },
      ],
    }),
    select: (result) => container(result, 'web')?.['env'],
    expected: [
      { name: 'A', value: '9' },
      { name: 'B', value: '2' },
    ],
  },
  {
    name: 'an env var removed',
    patch: templateSpec({
      containers: [{ '$setElementOrder/env': [{ name: 'B' }], env: [{ $patch: 'delete', name: 'A' }], name: 'web' }],
    }),
    select: (result) => container(result, 'web')?.['env'],
    expected: [{ name: 'B', value: '2' }],
  },
  {
    name: 'an env var turned from a value into a valueFrom: null clears the value',
    patch: templateSpec({
      containers: [
        {
          env: [{ name: 'B', value: null, valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }],
          name: 'web',
        },
      ],
    }),
    select: (result) => (container(result, 'web')?.['env'] as Json[])[1],
    expected: { name: 'B', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
  },
  {
    name: 'container ports merge by containerPort',
    patch: templateSpec({
      containers: [
        {
          '$setElementOrder/ports': [{ containerPort: 80 }, { containerPort: 8080 }],
          ports: [
            { containerPort: 8080, name: 'alt' },
            { $patch: 'delete', containerPort: 443 },
          ],
          name: 'web',
        },
      ],
    }),
    select: (result) => container(result, 'web')?.['ports'],
    expected: [{ containerPort: 80 }, { containerPort: 8080, name: 'alt' }],
  },
  {
    name: 'volumeMounts merge by mountPath',
    patch: templateSpec({ containers: [{ volumeMounts: [{ mountPath: '/data', readOnly: true }], name: 'web' }] }),
    select: (result) => container(result, 'web')?.['volumeMounts'],
    expected: [{ name: 'data', mountPath: '/data', readOnly: true }],
  },
  {
    name: 'args have no merge strategy: the list is replaced',
    patch: templateSpec({ containers: [{ args: ['--c'], name: 'web' }] }),
    select: (result) => container(result, 'web')?.['args'],
    expected: ['--c'],
  },
  {
    name: 'tolerations have no merge key in Kubernetes: the list is replaced',
    patch: templateSpec({ tolerations: [{ key: 'b', operator: 'Exists' }] }),
    select: (result) => podSpec(result)['tolerations'],
    expected: [{ key: 'b', operator: 'Exists' }],
  },
  {
    name: 'imagePullSecrets of a pod spec merge by name',
    patch: templateSpec({ imagePullSecrets: [{ name: 'other' }] }),
    select: (result) => names(podSpec(result)['imagePullSecrets']),
    expected: ['other', 'registry'],
  },
  {
    name: 'hostAliases merge by ip',
    patch: templateSpec({
      hostAliases: [
        { ip: '10.0.0.1', hostnames: ['uno'] },
        { ip: '10.0.0.2', hostnames: ['two'] },
      ],
    }),
    select: (result) => podSpec(result)['hostAliases'],
    expected: [
      { ip: '10.0.0.1', hostnames: ['uno'] },
      { ip: '10.0.0.2', hostnames: ['two'] },
    ],
  },
  {
    name: 'a volume changing source: $retainKeys clears the old source',
    patch: templateSpec({
      '$setElementOrder/volumes': [{ name: 'data' }],
      volumes: [{ $retainKeys: ['configMap', 'name'], configMap: { name: 'settings' }, emptyDir: null, name: 'data' }],
    }),
    select: (result) => podSpec(result)['volumes'],
    expected: [{ name: 'data', configMap: { name: 'settings' } }],
  },
  {
    name: 'the strategy changing type: $retainKeys drops rollingUpdate',
    patch: { spec: { strategy: { $retainKeys: ['type'], rollingUpdate: null, type: 'Recreate' } } },
    select: (result) => (result['spec'] as Json)['strategy'],
    expected: { type: 'Recreate' },
  },
  {
    name: 'finalizers are a merge list of scalars: $deleteFromPrimitiveList removes, $setElementOrder orders',
    patch: {
      metadata: {
        '$deleteFromPrimitiveList/finalizers': ['a.example.com/x'],
        '$setElementOrder/finalizers': ['b.example.com/y', 'c.example.com/z'],
        finalizers: ['c.example.com/z'],
      },
    },
    select: (result) => (result['metadata'] as Json)['finalizers'],
    expected: ['b.example.com/y', 'c.example.com/z'],
  },
  {
    name: 'finalizers merge as a set: a finalizer already there is not repeated',
    patch: {
      metadata: {
        '$setElementOrder/finalizers': ['a.example.com/x', 'b.example.com/y'],
        finalizers: ['a.example.com/x'],
      },
    },
    select: (result) => (result['metadata'] as Json)['finalizers'],
    expected: ['a.example.com/x', 'b.example.com/y'],
  },
  {
    name: 'ownerReferences merge by uid',
    patch: { metadata: { ownerReferences: [{ apiVersion: 'v1', kind: 'Secret', name: 'second', uid: 'u-2' }] } },
    select: (result) => ((result['metadata'] as Json)['ownerReferences'] as Json[]).map((item) => item['uid']),
    expected: ['u-2', 'u-1'],
  },
  {
    name: '$patch: replace in a list makes the patch items the list',
    patch: templateSpec({ containers: [{ name: 'only', image: 'x' }, { $patch: 'replace' }] }),
    select: (result) => podSpec(result)['containers'],
    expected: [{ name: 'only', image: 'x' }],
  },
  {
    name: '$patch: replace on a map makes the patch the map',
    patch: { metadata: { labels: { $patch: 'replace', fresh: 'yes' } } },
    select: (result) => (result['metadata'] as Json)['labels'],
    expected: { fresh: 'yes' },
  },
  {
    name: '$patch: delete on a map empties it',
    patch: { spec: { strategy: { $patch: 'delete' } } },
    select: (result) => (result['spec'] as Json)['strategy'],
    expected: {},
  },
  {
    name: 'a new field takes the patch value without its nulls and directives',
    patch: templateSpec({ securityContext: { runAsUser: 1000, fsGroup: null, $retainKeys: ['runAsUser'] } }),
    select: (result) => podSpec(result)['securityContext'],
    expected: { runAsUser: 1000 },
  },
  {
    name: 'a value of another type replaces (intstr as number, then string)',
    patch: { spec: { strategy: { rollingUpdate: { maxSurge: '25%' } } } },
    select: (result) => ((result['spec'] as Json)['strategy'] as Json)['rollingUpdate'],
    expected: { maxSurge: '25%', maxUnavailable: 0 },
  },
  {
    name: 'null for a field that is not there changes nothing',
    patch: { spec: { paused: null } },
    select: (result) => result,
    expected: deployment(),
  },
];

describe('strategic merge patch on a Deployment', () => {
  it.each(cases)('$name', ({ patch, select, expected }) => {
    expect(select(applyStrategicMergePatch(deployment(), patch, 'Deployment'))).toEqual(expected);
  });

  it('changes neither the live object nor the patch', () => {
    const live = deployment();
    const patch = templateSpec({ containers: [{ $patch: 'delete', name: 'sidecar' }], tolerations: [] });
    const patchCopy = structuredClone(patch);
    applyStrategicMergePatch(live, patch, 'Deployment');
    expect(live).toEqual(deployment());
    expect(patch).toEqual(patchCopy);
  });

  it('applies the whole three-way patch kubectl apply sends after an edit of the manifest', () => {
    const lastApplied = '{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"}}';
    const patch = {
      metadata: {
        annotations: { 'kubectl.kubernetes.io/last-applied-configuration': lastApplied },
        labels: { tier: null },
      },
      spec: {
        replicas: 2,
        template: {
          spec: {
            '$setElementOrder/containers': [{ name: 'web' }],
            containers: [
              {
                '$setElementOrder/env': [{ name: 'A' }, { name: 'C' }],
                env: [
                  { name: 'C', value: '3' },
                  { $patch: 'delete', name: 'B' },
                ],
                image: 'nginx:1.27',
                name: 'web',
              },
              { $patch: 'delete', name: 'sidecar' },
            ],
          },
        },
      },
    };
    const result = applyStrategicMergePatch(deployment(), patch, 'Deployment');
    expect((result['metadata'] as Json)['labels']).toEqual({ app: 'web' });
    expect((result['metadata'] as Json)['annotations']).toEqual({
      'kubectl.kubernetes.io/last-applied-configuration': lastApplied,
    });
    expect((result['spec'] as Json)['replicas']).toBe(2);
    expect(names(podSpec(result)['containers'])).toEqual(['web']);
    expect(container(result, 'web')).toMatchObject({
      image: 'nginx:1.27',
      env: [
        { name: 'A', value: '1' },
        { name: 'C', value: '3' },
      ],
      ports: [{ containerPort: 80 }, { containerPort: 443 }],
    });
  });
});

describe('strategic merge patch on other kinds', () => {
  it('merges Service ports by port', () => {
    const service = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web' },
      spec: {
        selector: { app: 'web' },
        ports: [
          { name: 'http', port: 80, targetPort: 80 },
          { name: 'https', port: 443 },
        ],
      },
    };
    const result = applyStrategicMergePatch(service, { spec: { ports: [{ port: 80, targetPort: 8080 }] } }, 'Service');
    expect((result['spec'] as Json)['ports']).toEqual([
      { name: 'http', port: 80, targetPort: 8080 },
      { name: 'https', port: 443 },
    ]);
  });

  it('merges pod conditions by type (kubectl patch --subresource=status)', () => {
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p' },
      status: {
        conditions: [
          { type: 'Ready', status: 'False' },
          { type: 'PodScheduled', status: 'True' },
        ],
      },
    };
    const result = applyStrategicMergePatch(
      pod,
      { status: { conditions: [{ type: 'Ready', status: 'True' }] } },
      'Pod',
    );
    expect((result['status'] as Json)['conditions']).toEqual([
      { type: 'Ready', status: 'True' },
      { type: 'PodScheduled', status: 'True' },
    ]);
  });

  it('replaces the imagePullSecrets of a ServiceAccount, which has no merge strategy there', () => {
    const account = {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: 'sa' },
      imagePullSecrets: [{ name: 'a' }],
    };
    const result = applyStrategicMergePatch(account, { imagePullSecrets: [{ name: 'b' }] }, 'ServiceAccount');
    expect(result['imagePullSecrets']).toEqual([{ name: 'b' }]);
  });

  it('merges ConfigMap data, null deleting a key', () => {
    const configMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: '1', b: '2' } };
    const result = applyStrategicMergePatch(configMap, { data: { a: null, c: '3' } }, 'ConfigMap');
    expect(result['data']).toEqual({ b: '2', c: '3' });
  });

  it('replaces RBAC rules, which are atomic', () => {
    const role = {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: 'r' },
      rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }],
    };
    const rules = [{ apiGroups: [''], resources: ['secrets'], verbs: ['list'] }];
    expect(applyStrategicMergePatch(role, { rules }, 'Role')['rules']).toEqual(rules);
  });
});

describe('strategic merge patch errors', () => {
  const errors: { name: string; patch: unknown; kind?: string; code: PatchErrorCode; message: string }[] = [
    {
      name: 'a kind without a schema',
      patch: {},
      kind: 'Widget',
      code: 'unsupported',
      message: 'strategic merge patch format is not supported',
    },
    { name: 'a patch that is not an object', patch: [1], code: 'invalid-patch', message: 'invalid JSON document' },
    {
      name: 'a merge list item without its merge key',
      patch: templateSpec({ containers: [{ image: 'x' }] }),
      code: 'unprocessable',
      message: 'does not contain declared merge key: name',
    },
    {
      name: 'a $setElementOrder that does not list the patch items',
      patch: templateSpec({
        '$setElementOrder/containers': [{ name: 'web' }],
        containers: [{ name: 'log', image: 'x' }],
      }),
      code: 'invalid-patch',
      message: "doesn't match $setElementOrder list",
    },
    {
      name: 'a $retainKeys that leaves out a patched key',
      patch: { spec: { strategy: { $retainKeys: ['type'], type: 'Recreate', rollingUpdate: { maxSurge: 2 } } } },
      code: 'invalid-patch',
      message: 'invalid patch format of retainKeys',
    },
    {
      name: '$patch: merge in a list',
      patch: templateSpec({ containers: [{ $patch: 'merge', name: 'web' }] }),
      code: 'invalid-patch',
      message: 'merging lists cannot yet be specified in the patch',
    },
    {
      name: 'an unknown $patch on a map',
      patch: { spec: { strategy: { $patch: 'shuffle' } } },
      code: 'invalid-patch',
      message: 'unknown patch type: "shuffle"',
    },
    {
      name: 'a $deleteFromPrimitiveList without its field',
      patch: { metadata: { $deleteFromPrimitiveList: ['a'] } },
      code: 'invalid-patch',
      message: 'invalid patch format of primitive list',
    },
    {
      name: 'a list of lists in a merge list',
      patch: { metadata: { finalizers: [['x']] } },
      code: 'unprocessable',
      message: 'list element types are not identical',
    },
    {
      name: 'a __proto__ key',
      patch: JSON.parse('{"metadata":{"labels":{"__proto__":{"polluted":"yes"}}}}') as unknown,
      code: 'invalid-patch',
      message: 'a field named __proto__',
    },
    {
      name: 'a patch nested past the depth limit',
      patch: Array.from({ length: 120 }).reduce<Json>((inner) => ({ a: inner }), {}),
      code: 'invalid-patch',
      message: 'nested deeper than 100 levels',
    },
  ];

  it.each(errors)('$name → $code', ({ patch, kind, code, message }) => {
    let caught: unknown;
    try {
      applyStrategicMergePatch(deployment(), patch, kind ?? 'Deployment');
    } catch (error: unknown) {
      caught = error;
    }
    expect(isPatchError(caught) && caught.code).toBe(code);
    expect((caught as Error).message).toContain(message);
  });

  it('refuses lists of lists', () => {
    const live = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'n', finalizers: [] } };
    expect(() => applyStrategicMergePatch(live, { metadata: { finalizers: [['x']] } }, 'Namespace')).toThrow(
      'lists of lists are not supported',
    );
  });
});
