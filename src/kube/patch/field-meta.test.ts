import { describe, expect, it } from 'vitest';
import { kubernetesFieldName } from '../../api/field-names.js';
import { messageSchema } from '../../api/schema.js';
import { atomicStructNames, describedFields, isAtomicStruct, listTypeFor, patchMetaFor } from './field-meta.js';
import { patchMetaAtPath } from './schema.js';

/** Kubernetes fields in the tables that Orca does not model yet; their metadata waits for them. */
const notModelled = new Set([
  'PodSpec.ephemeralContainers',
  'PodSpec.schedulingGates',
  'PodSpec.resourceClaims',
  'Container.volumeDevices',
]);

describe('field merge metadata', () => {
  it.each(describedFields())('%s is a field of an orca.v1 message', (entry) => {
    const [message = '', field = ''] = entry.split('.');
    const names = messageSchema(message).fields.map((item) => kubernetesFieldName(item.name));
    expect(names.includes(field) || notModelled.has(entry)).toBe(true);
  });

  it.each(atomicStructNames())('%s is an orca.v1 message', (name) => {
    expect(messageSchema(name).name).toBe(name);
  });

  it.each([
    ['PodSpec', 'containers', { strategy: 'merge', mergeKey: 'name' }],
    ['PodSpec', 'volumes', { strategy: 'merge,retainKeys', mergeKey: 'name' }],
    ['PodSpec', 'tolerations', undefined],
    ['Container', 'ports', { strategy: 'merge', mergeKey: 'containerPort' }],
    ['Container', 'volumeMounts', { strategy: 'merge', mergeKey: 'mountPath' }],
    ['ObjectMeta', 'finalizers', { strategy: 'merge' }],
    ['ServiceSpec', 'ports', { strategy: 'merge', mergeKey: 'port' }],
    ['ServiceAccount', 'imagePullSecrets', undefined],
    ['DeploymentSpec', 'strategy', { strategy: 'retainKeys' }],
  ])('patchMetaFor(%s, %s)', (message, field, expected) => {
    expect(patchMetaFor(message, field)).toEqual(expected);
  });

  it.each([
    ['Container', 'ports', { type: 'map', keys: ['containerPort', 'protocol'] }],
    ['Container', 'env', { type: 'map', keys: ['name'] }],
    ['ObjectMeta', 'finalizers', { type: 'set' }],
    ['NodeSpec', 'podCIDRs', { type: 'set' }],
    ['PodSpec', 'tolerations', { type: 'atomic' }],
    ['PodStatus', 'hostIPs', { type: 'atomic' }],
    ['JobStatus', 'conditions', { type: 'atomic' }],
    ['DeploymentStatus', 'conditions', { type: 'map', keys: ['type'] }],
    ['PolicyRule', 'verbs', { type: 'atomic' }],
  ])('listTypeFor(%s, %s)', (message, field, expected) => {
    expect(listTypeFor(message, field)).toEqual(expected);
  });

  it('keeps a claimRef granular although ObjectReference is atomic', () => {
    expect(isAtomicStruct('ObjectReference')).toBe(true);
    expect(isAtomicStruct('ObjectReference', 'PersistentVolumeSpec', 'claimRef')).toBe(false);
  });

  it('answers the merge key for a path of a kind, through lists', () => {
    expect(patchMetaAtPath('Deployment', ['spec', 'template', 'spec', 'containers'])).toEqual({
      strategy: 'merge',
      mergeKey: 'name',
    });
    expect(
      patchMetaAtPath('CronJob', ['spec', 'jobTemplate', 'spec', 'template', 'spec', 'containers', 'env']),
    ).toEqual({
      strategy: 'merge',
      mergeKey: 'name',
    });
    expect(patchMetaAtPath('Deployment', ['spec', 'replicas'])).toBeUndefined();
    expect(patchMetaAtPath('Widget', ['spec'])).toBeUndefined();
  });
});
