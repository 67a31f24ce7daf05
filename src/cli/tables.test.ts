import { describe, expect, it } from 'vitest';
import type { OrcaObject } from '../api/index.js';
import { humanDuration } from '../api/index.js';
import { formatMembers } from './cluster-verb.js';
import { describeObject } from './describe-verb.js';
import { formatTable } from './tables.js';

const now = Date.parse('2024-05-01T12:00:00Z');

const pod: OrcaObject = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web-1', namespace: 'default', creationTimestamp: '2024-05-01T11:55:00Z' },
  spec: {
    nodeName: 'w1',
    containers: [
      { name: 'web', image: 'nginx' },
      { name: 'sidecar', image: 'busybox' },
    ],
  },
  status: {
    phase: 'Running',
    podIp: '10.0.0.5',
    containerStatuses: [
      { name: 'web', ready: true, restartCount: 2, state: { running: {} } },
      { name: 'sidecar', ready: false, restartCount: 1, state: { waiting: { reason: 'CrashLoopBackOff' } } },
    ],
  },
};

const deployment: OrcaObject = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'shop', creationTimestamp: '2024-04-29T12:00:00Z' },
  spec: {
    replicas: 3,
    selector: { matchLabels: { app: 'web' } },
    template: { spec: { containers: [{ name: 'web', image: 'nginx:1.25' }] } },
  },
  status: { readyReplicas: 2, updatedReplicas: 3, availableReplicas: 2 },
};

describe('get tables', () => {
  it('prints pods as kubectl does: READY, the waiting reason as STATUS, summed RESTARTS, AGE', () => {
    expect(formatTable('Pod', [pod], { now })).toBe(
      'NAME    READY   STATUS             RESTARTS   AGE\n' + 'web-1   1/2     CrashLoopBackOff   3          5m\n',
    );
  });

  it('adds IP and NODE with -o wide and NAMESPACE with -A', () => {
    const text = formatTable('Pod', [pod], { now, wide: true, allNamespaces: true });
    expect(text.split('\n')[0]).toBe('NAMESPACE   NAME    READY   STATUS             RESTARTS   AGE   IP         NODE');
    expect(text).toContain('10.0.0.5   w1');
  });

  it('prints deployments with READY, UP-TO-DATE, AVAILABLE, and the template with -o wide', () => {
    expect(formatTable('Deployment', [deployment], { now })).toBe(
      'NAME   READY   UP-TO-DATE   AVAILABLE   AGE\n' + 'web    2/3     3            2           2d\n',
    );
    expect(formatTable('Deployment', [deployment], { now, wide: true })).toContain('web          nginx:1.25   app=web');
  });

  it('shows Terminating for a pod being deleted and <none> for unset cells', () => {
    const terminating = {
      ...pod,
      metadata: { ...pod.metadata, deletionTimestamp: '2024-05-01T11:59:00Z' },
    } as OrcaObject;
    expect(formatTable('Pod', [terminating], { now })).toContain('Terminating');
    const service: OrcaObject = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'db' },
      spec: { ports: [{ port: 5432, protocol: 'TCP' }] },
    };
    expect(formatTable('Service', [service], { now })).toBe(
      'NAME   TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)    AGE\n' +
        'db     ClusterIP   <none>       <none>        5432/TCP   <unknown>\n',
    );
  });

  it('falls back to NAME and AGE for a kind without its own columns', () => {
    const secret: OrcaObject = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: { a: 'eA==' } };
    expect(formatTable('Secret', [secret], { now }).split('\n')[0]).toBe('NAME   TYPE     DATA   AGE');
  });

  it('prints ServiceAccounts with the number of their SECRETS', () => {
    const account: OrcaObject = {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: 'builder', namespace: 'ci', creationTimestamp: '2024-05-01T11:00:00Z' },
      secrets: [{ name: 'builder-token' }],
    };
    const bare: OrcaObject = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default' } };
    expect(formatTable('ServiceAccount', [account, bare], { now })).toBe(
      'NAME      SECRETS   AGE\n' + 'builder   1         60m\n' + 'default   0         <unknown>\n',
    );
  });

  it('prints Roles and ClusterRoles with CREATED AT instead of AGE, as kubectl does', () => {
    const role: OrcaObject = {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: 'pod-reader', namespace: 'ci', creationTimestamp: '2024-05-01T11:00:00Z' },
      rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }],
    };
    const clusterRole: OrcaObject = {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'system:health-reader', creationTimestamp: '2024-04-01T00:00:00Z' },
    };
    expect(formatTable('Role', [role], { now })).toBe(
      'NAME         CREATED AT\n' + 'pod-reader   2024-05-01T11:00:00Z\n',
    );
    expect(formatTable('ClusterRole', [clusterRole], { now, allNamespaces: false })).toBe(
      'NAME                   CREATED AT\n' + 'system:health-reader   2024-04-01T00:00:00Z\n',
    );
  });

  it('prints bindings with ROLE as Kind/name, and their subjects by kind with -o wide', () => {
    const binding: OrcaObject = {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'read-pods', namespace: 'ci', creationTimestamp: '2024-05-01T11:58:00Z' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
      subjects: [
        { kind: 'User', name: 'jane' },
        { kind: 'ServiceAccount', name: 'builder', namespace: 'ci' },
        { kind: 'User', name: 'joe' },
      ],
    };
    expect(formatTable('RoleBinding', [binding], { now })).toBe(
      'NAME        ROLE               AGE\n' + 'read-pods   ClusterRole/view   2m\n',
    );
    expect(formatTable('RoleBinding', [binding], { now, wide: true })).toBe(
      'NAME        ROLE               AGE   USERS       GROUPS   SERVICEACCOUNTS\n' +
        'read-pods   ClusterRole/view   2m    jane, joe   <none>   ci:builder\n',
    );
    const clusterBinding: OrcaObject = {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'admins', creationTimestamp: '2024-04-30T12:00:00Z' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
      subjects: [{ kind: 'Group', name: 'system:masters' }],
    };
    expect(formatTable('ClusterRoleBinding', [clusterBinding], { now })).toBe(
      'NAME     ROLE                        AGE\n' + 'admins   ClusterRole/cluster-admin   24h\n',
    );
  });

  it('writes ages as kubectl does', () => {
    expect(
      [
        59_000,
        150_000,
        30 * 60_000,
        5 * 3_600_000 + 60_000,
        30 * 3_600_000,
        3 * 86_400_000 + 3_600_000,
        40 * 86_400_000,
      ].map(humanDuration),
    ).toEqual(['59s', '2m30s', '30m', '5h1m', '30h', '3d1h', '40d']);
  });
});

describe('describe and cluster members', () => {
  it("describes metadata, the body, and the object's events", () => {
    const event = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: 'e1', namespace: 'default' },
      involvedObject: { kind: 'Pod', name: 'web-1' },
      type: 'Warning',
      reason: 'BackOff',
      message: 'Back-off restarting failed container',
      lastTimestamp: '2024-05-01T11:59:00Z',
      source: { component: 'worker' },
    } as const;
    const text = describeObject(pod, [event], now);
    expect(text).toMatch(/^Name: +web-1\nNamespace: +default\n/);
    expect(text).toContain('Spec:\n');
    expect(text).toContain('Status:\n');
    expect(text).toMatch(/Events:\n {2}Type +Reason +Age +From +Message\n/);
    expect(text).toMatch(/Warning +BackOff +60s +worker +Back-off restarting failed container/);
  });

  it('lists members with their role and the leader', () => {
    const text = formatMembers({
      members: [
        { name: 'm1', address: '127.0.0.1:7001', role: 'Leader', suffrage: 'Voter', healthy: true, matchIndex: 42 },
      ],
      leader: 'm1',
      leaderAddress: '127.0.0.1:7001',
      term: 3,
      commitIndex: 42,
      appliedIndex: 42,
      answeredBy: '127.0.0.1:7001',
      httpAddress: '',
    });
    expect(text).toContain('m1     127.0.0.1:7001   Leader   Voter      yes       42');
    expect(text).toContain('leader: m1 (127.0.0.1:7001), term 3');
  });
});

describe('describe metadata', () => {
  it('aligns labels one per line and says <none> when there are none', () => {
    const labelled = { ...pod, metadata: { ...pod.metadata, labels: { tier: 'front', app: 'web' } } } as OrcaObject;
    expect(describeObject(labelled, [], now)).toContain(
      'Labels:      app=web\n             tier=front\nAnnotations: <none>\n',
    );
  });
});
