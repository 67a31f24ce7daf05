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
  });
});
