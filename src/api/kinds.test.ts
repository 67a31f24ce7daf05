import { describe, expect, it } from 'vitest';
import { kindFor, kindInfo, kinds, resolveResourceName } from './kinds.js';
import { messageSchema } from './schema.js';

describe('the kind registry', () => {
  it('lists every kind of the architecture once', () => {
    expect(kinds.map((entry) => entry.kind).sort()).toEqual(
      [
        'Namespace',
        'Node',
        'Pod',
        'Service',
        'Endpoints',
        'ConfigMap',
        'Secret',
        'Lease',
        'Event',
        'ReplicaSet',
        'Deployment',
        'StatefulSet',
        'DaemonSet',
        'Job',
        'CronJob',
        'Ingress',
        'IngressClass',
        'PersistentVolume',
        'PersistentVolumeClaim',
        'ServiceAccount',
        'Role',
        'ClusterRole',
        'RoleBinding',
        'ClusterRoleBinding',
      ].sort(),
    );
  });

  it('agrees with the protos: a message per kind with TypeMeta and metadata, and an Object oneof field carrying it', () => {
    const objectSchema = messageSchema('Object');
    for (const entry of kinds) {
      const schema = messageSchema(entry.messageName);
      expect(schema.byName.get('apiVersion')?.scalar, entry.kind).toBe('string');
      expect(schema.byName.get('metadata')?.message, entry.kind).toBe('ObjectMeta');
      expect(objectSchema.byName.get(entry.objectField)?.message, entry.kind).toBe(entry.messageName);
    }
    expect(objectSchema.fields).toHaveLength(kinds.length);
  });

  it('resolves the names a CLI user types', () => {
    expect(resolveResourceName('po')?.kind).toBe('Pod');
    expect(resolveResourceName('deploy')?.kind).toBe('Deployment');
    expect(resolveResourceName('deployments')?.kind).toBe('Deployment');
    expect(resolveResourceName('Deployment')?.kind).toBe('Deployment');
    expect(resolveResourceName('svc')?.kind).toBe('Service');
    expect(resolveResourceName('pvc')?.kind).toBe('PersistentVolumeClaim');
    expect(resolveResourceName('ingresses')?.kind).toBe('Ingress');
    expect(resolveResourceName('sa')?.kind).toBe('ServiceAccount');
    expect(resolveResourceName('serviceaccounts')?.kind).toBe('ServiceAccount');
    expect(resolveResourceName('roles')?.kind).toBe('Role');
    expect(resolveResourceName('role')?.kind).toBe('Role');
    expect(resolveResourceName('clusterroles')?.kind).toBe('ClusterRole');
    expect(resolveResourceName('rolebindings')?.kind).toBe('RoleBinding');
    expect(resolveResourceName('clusterrolebindings')?.kind).toBe('ClusterRoleBinding');
    expect(resolveResourceName('ClusterRoleBinding')?.kind).toBe('ClusterRoleBinding');
    expect(resolveResourceName('widgets')).toBeUndefined();
  });

  it('has no name that two kinds claim', () => {
    const names = kinds.flatMap((entry) => [...new Set([entry.plural, entry.singular, ...entry.shortNames])]);
    expect(new Set(names).size).toBe(names.length);
  });

  it('knows the scope and apiVersion of each kind', () => {
    expect(kindInfo('Node')?.namespaced).toBe(false);
    expect(kindInfo('PersistentVolume')?.namespaced).toBe(false);
    expect(kindInfo('Pod')?.namespaced).toBe(true);
    expect(kindFor('coordination.k8s.io/v1', 'Lease')?.plural).toBe('leases');
    expect(kindFor('v1', 'Deployment')).toBeUndefined();
    expect(kindInfo('ServiceAccount')).toMatchObject({ apiVersion: 'v1', namespaced: true });
    expect(kindInfo('Role')?.namespaced).toBe(true);
    expect(kindInfo('RoleBinding')?.namespaced).toBe(true);
    expect(kindInfo('ClusterRole')?.namespaced).toBe(false);
    expect(kindInfo('ClusterRoleBinding')?.namespaced).toBe(false);
    expect(kindFor('rbac.authorization.k8s.io/v1', 'ClusterRoleBinding')?.plural).toBe('clusterrolebindings');
    expect(kindFor('v1', 'Role')).toBeUndefined();
  });

  it('gives the RBAC kinds the Object oneof fields 20 to 24, after every older kind', () => {
    const objectSchema = messageSchema('Object');
    expect(
      ['serviceAccount', 'role', 'clusterRole', 'roleBinding', 'clusterRoleBinding'].map(
        (field) => objectSchema.byName.get(field)?.number,
      ),
    ).toEqual([20, 21, 22, 23, 24]);
    expect(messageSchema('PolicyRule').fields.map((field) => field.name)).toEqual([
      'verbs',
      'apiGroups',
      'resources',
      'resourceNames',
      'nonResourceUrls',
    ]);
  });
});
