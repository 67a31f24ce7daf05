import { describe, expect, it } from 'vitest';

import type { Lease, Node, Pod } from '../api/index.js';
import type { RequestAttributes } from './attributes.js';
import { MemoryNodeGraph, authorizeNode, podReferences, tlsSecretFieldSelector } from './node-authorizer.js';
import { nodeUser, systemAuthenticated, systemNodes, type UserInfo } from './user-info.js';

function pod(namespace: string, name: string, nodeName: string | undefined, spec: Pod['spec'] = {}): Pod {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { namespace, name }, spec: { ...spec, nodeName } };
}

const web = pod('prod', 'web', 'w1', {
  containers: [
    {
      name: 'app',
      env: [
        { name: 'A', valueFrom: { secretKeyRef: { name: 'env-secret', key: 'k' } } },
        { name: 'B', valueFrom: { configMapKeyRef: { name: 'env-config', key: 'k' } } },
        { name: 'C', value: 'plain' },
      ],
      envFrom: [{ secretRef: { name: 'from-secret' } }, { configMapRef: { name: 'from-config' } }],
    },
  ],
  initContainers: [
    { name: 'init', env: [{ name: 'D', valueFrom: { secretKeyRef: { name: 'init-secret', key: 'k' } } }] },
  ],
  volumes: [
    { name: 'tls', secret: { secretName: 'volume-secret' } },
    { name: 'conf', configMap: { name: 'volume-config' } },
    { name: 'data', persistentVolumeClaim: { claimName: 'data' } },
    { name: 'scratch', emptyDir: {} },
  ],
  imagePullSecrets: [{ name: 'registry' }],
  serviceAccountName: 'web',
});
const db = pod('prod', 'db', 'w2', { volumes: [{ name: 's', secret: { secretName: 'db-password' } }] });
const pending = pod('prod', 'pending', undefined, {
  volumes: [{ name: 's', secret: { secretName: 'pending-secret' } }],
});
const graph = new MemoryNodeGraph([web, db, pending], (namespace, claim) =>
  namespace === 'prod' && claim === 'data' ? 'pv-data' : undefined,
);
const w1 = nodeUser('w1');

function ask(
  verb: string,
  resource: string,
  namespace: string,
  name: string,
  options: { apiGroup?: string; user?: UserInfo; object?: Pod | Node | Lease; fieldSelector?: string } = {},
) {
  const [base = '', subresource = ''] = resource.split('/');
  const attributes: RequestAttributes = {
    user: options.user ?? w1,
    verb,
    apiGroup: options.apiGroup ?? '',
    resource: base,
    subresource,
    namespace,
    name,
  };
  return authorizeNode(attributes, graph, options.object, options.fieldSelector);
}
const decision = (...args: Parameters<typeof ask>) => ask(...args).decision;

describe('podReferences', () => {
  it('finds every Secret, ConfigMap and claim by the field names of Orca objects', () => {
    expect(podReferences(web)).toEqual({
      secrets: ['env-secret', 'from-secret', 'init-secret', 'registry', 'volume-secret'],
      configMaps: ['env-config', 'from-config', 'volume-config'],
      persistentVolumeClaims: ['data'],
      serviceAccount: 'web',
    });
    expect(podReferences({ apiVersion: 'v1', kind: 'Pod' })).toEqual({
      secrets: [],
      configMaps: [],
      persistentVolumeClaims: [],
      serviceAccount: 'default',
    });
  });
});

describe('authorizeNode: who it decides for', () => {
  it('has no opinion on users that are not nodes, nor on a node name outside system:nodes', () => {
    expect(
      decision('get', 'secrets', 'prod', 'db-password', { user: { name: 'dev', groups: [systemAuthenticated] } }),
    ).toBe('no-opinion');
    expect(
      decision('get', 'nodes', '', 'w1', { user: { name: 'system:node:w1', groups: [systemAuthenticated] } }),
    ).toBe('no-opinion');
  });

  it('denies a node identity without a name, and anything it has no rule for', () => {
    expect(decision('get', 'nodes', '', 'w1', { user: { name: 'system:node:', groups: [systemNodes] } })).toBe('deny');
    expect(ask('list', 'deployments', 'prod', '', { apiGroup: 'apps' })).toEqual({
      decision: 'deny',
      reason:
        'user "system:node:w1" cannot list deployments in API group "apps" in namespace "prod": ' +
        'nodes are authorized by the node authorizer only, and it allows nothing on this resource',
    });
    expect(decision('create', 'roles', 'prod', '', { apiGroup: 'rbac.authorization.k8s.io' })).toBe('deny');
    expect(decision('create', 'namespaces', '', 'kube-node-lease')).toBe('deny');
  });
});

describe('authorizeNode: pods', () => {
  it('a node reads every pod', () => {
    expect(decision('list', 'pods', '', '')).toBe('allow');
    expect(decision('get', 'pods', 'prod', 'db')).toBe('allow');
  });

  it('updates the status of, and deletes, only pods bound to it', () => {
    expect(decision('update', 'pods/status', 'prod', 'web')).toBe('allow');
    expect(decision('patch', 'pods/status', 'prod', 'web')).toBe('allow');
    expect(decision('delete', 'pods', 'prod', 'web')).toBe('allow');
    expect(ask('update', 'pods/status', 'prod', 'db').reason).toBe(
      'user "system:node:w1" cannot update pods/status "db" in namespace "prod": pod prod/db is not bound to node "w1"',
    );
    expect(decision('delete', 'pods', 'prod', 'db')).toBe('deny');
    expect(decision('update', 'pods/status', 'prod', 'pending')).toBe('deny');
    expect(decision('update', 'pods/status', 'prod', 'absent')).toBe('deny');
  });

  it('may not move a pod, create pods, update a pod spec or use other subresources', () => {
    expect(decision('update', 'pods/status', 'prod', 'web', { object: pod('prod', 'web', 'w2') })).toBe('deny');
    expect(decision('update', 'pods/status', 'prod', 'web', { object: web })).toBe('allow');
    expect(decision('create', 'pods', 'prod', 'mirror')).toBe('deny');
    expect(decision('update', 'pods', 'prod', 'web')).toBe('deny');
    expect(decision('create', 'pods/exec', 'prod', 'web')).toBe('deny');
  });
});

describe('authorizeNode: its own Node and Lease', () => {
  const node = (name: string): Node => ({ apiVersion: 'v1', kind: 'Node', metadata: { name } });
  const lease = (name: string): Lease => ({
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: { name, namespace: 'kube-node-lease' },
  });
  const leases = { apiGroup: 'coordination.k8s.io' };

  it('reads every Node, writes only its own', () => {
    expect(decision('list', 'nodes', '', '')).toBe('allow');
    expect(decision('get', 'nodes', '', 'w2')).toBe('allow');
    expect(decision('create', 'nodes', '', '', { object: node('w1') })).toBe('allow');
    expect(decision('create', 'nodes', '', '', { object: node('w2') })).toBe('deny');
    expect(decision('update', 'nodes', '', 'w1')).toBe('allow');
    expect(decision('patch', 'nodes/status', '', 'w1')).toBe('allow');
    expect(decision('update', 'nodes', '', 'w2')).toBe('deny');
    expect(decision('update', 'nodes/status', '', 'w2')).toBe('deny');
    expect(decision('update', 'nodes', '', 'w1', { object: node('w2') })).toBe('deny');
    expect(ask('delete', 'nodes', '', 'w1').decision).toBe('deny');
  });

  it('uses only the Lease named like itself in kube-node-lease', () => {
    expect(decision('get', 'leases', 'kube-node-lease', 'w1', leases)).toBe('allow');
    expect(decision('create', 'leases', 'kube-node-lease', '', { ...leases, object: lease('w1') })).toBe('allow');
    expect(decision('update', 'leases', 'kube-node-lease', 'w1', { ...leases, object: lease('w1') })).toBe('allow');
    expect(decision('create', 'leases', 'kube-node-lease', '', { ...leases, object: lease('w2') })).toBe('deny');
    expect(decision('update', 'leases', 'kube-node-lease', 'w2', leases)).toBe('deny');
    expect(decision('update', 'leases', 'prod', 'w1', leases)).toBe('deny');
    expect(decision('list', 'leases', 'kube-node-lease', '', leases)).toBe('deny');
  });
});

describe('authorizeNode: Secrets, ConfigMaps and volumes', () => {
  it('gets a Secret or ConfigMap only when a pod bound to it references it', () => {
    for (const name of ['env-secret', 'from-secret', 'init-secret', 'registry', 'volume-secret'])
      expect(decision('get', 'secrets', 'prod', name)).toBe('allow');
    expect(ask('get', 'secrets', 'prod', 'db-password').reason).toBe(
      'user "system:node:w1" cannot get secrets "db-password" in namespace "prod": no pod bound to node "w1" references prod/db-password',
    );
    expect(decision('get', 'secrets', 'prod', 'pending-secret')).toBe('deny');
    expect(decision('get', 'secrets', 'staging', 'registry')).toBe('deny');
    expect(decision('watch', 'configmaps', 'prod', 'volume-config')).toBe('allow');
    expect(decision('get', 'configmaps', 'prod', 'other')).toBe('deny');
    expect(decision('update', 'secrets', 'prod', 'registry')).toBe('deny');
    expect(decision('update', 'configmaps', 'prod', 'volume-config')).toBe('deny');
  });

  it('lists or watches Secrets only by name, or with exactly the TLS field selector', () => {
    expect(decision('list', 'secrets', 'prod', '')).toBe('deny');
    expect(decision('list', 'secrets', '', '')).toBe('deny');
    expect(decision('watch', 'secrets', '', '', { fieldSelector: tlsSecretFieldSelector })).toBe('allow');
    expect(decision('list', 'secrets', 'prod', '', { fieldSelector: 'type=kubernetes.io/tls' })).toBe('allow');
    expect(decision('list', 'secrets', '', '', { fieldSelector: 'type=Opaque' })).toBe('deny');
    expect(decision('list', 'secrets', '', '', { fieldSelector: 'type=kubernetes.io/tls,metadata.name=x' })).toBe(
      'deny',
    );
    expect(decision('get', 'secrets', 'prod', 'db-password', { fieldSelector: tlsSecretFieldSelector })).toBe('deny');
    expect(decision('list', 'configmaps', '', '', { fieldSelector: tlsSecretFieldSelector })).toBe('deny');
  });

  it('gets the claims and volumes of its pods, and tokens of their ServiceAccounts', () => {
    expect(decision('get', 'persistentvolumeclaims', 'prod', 'data')).toBe('allow');
    expect(decision('get', 'persistentvolumes', '', 'pv-data')).toBe('allow');
    expect(decision('get', 'persistentvolumes', '', 'pv-other')).toBe('deny');
    expect(decision('create', 'serviceaccounts/token', 'prod', 'web')).toBe('allow');
    expect(decision('create', 'serviceaccounts/token', 'prod', 'default')).toBe('deny');
    expect(decision('get', 'serviceaccounts', 'prod', 'web')).toBe('deny');
  });
});

describe('authorizeNode: what the data path watches', () => {
  it('reads services, endpoints, namespaces, ingresses and ingress classes; records events', () => {
    expect(decision('watch', 'services', '', '')).toBe('allow');
    expect(decision('list', 'endpoints', '', '')).toBe('allow');
    expect(decision('get', 'namespaces', '', 'prod')).toBe('allow');
    expect(decision('watch', 'ingresses', '', '', { apiGroup: 'networking.k8s.io' })).toBe('allow');
    expect(decision('list', 'ingressclasses', '', '', { apiGroup: 'networking.k8s.io' })).toBe('allow');
    expect(decision('update', 'services', 'prod', 'web')).toBe('deny');
    expect(decision('create', 'events', 'prod', '')).toBe('allow');
    expect(decision('patch', 'events', 'prod', 'e1')).toBe('allow');
    expect(decision('delete', 'events', 'prod', 'e1')).toBe('deny');
  });

  it('uses no non-resource paths', () => {
    const attributes: RequestAttributes = {
      user: w1,
      verb: 'get',
      apiGroup: '',
      resource: '',
      subresource: '',
      namespace: '',
      name: '',
      path: '/metrics',
    };
    expect(authorizeNode(attributes, graph).decision).toBe('deny');
  });
});
