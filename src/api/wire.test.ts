import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ServiceClientConstructor } from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { loadProtoPackage } from '../gen/loader.js';
import type { Object__Output as WireObjectOutput } from '../gen/orca/v1/Object.js';
import type { Pod as WirePod } from '../gen/orca/v1/Pod.js';
import type { StatefulSet as WireStatefulSet } from '../gen/orca/v1/StatefulSet.js';
import { parseManifest } from './manifest.js';
import type { Deployment, Pod, StatefulSet } from './model.js';
import { objectFromWire, objectToWire } from './wire.js';

/** The protobuf bytes of an Object envelope and back, as ObjectService.Get sends and a client reads them. */
function throughProtobuf(envelope: unknown): WireObjectOutput {
  const orca = loadProtoPackage('orca/v1/services.proto')['orca'] as Record<string, Record<string, unknown>>;
  const service = (orca['v1']?.['ObjectService'] as ServiceClientConstructor).service;
  const get = service['Get'];
  if (get === undefined) throw new Error('ObjectService.Get not found');
  return get.responseDeserialize(get.responseSerialize(envelope)) as WireObjectOutput;
}

/** Compiles only while model objects are valid gRPC message inputs as they are. */
function asWireInputs(pod: Pod, statefulSet: StatefulSet): [WirePod, WireStatefulSet] {
  return [pod, statefulSet];
}

describe('the gRPC Object envelope', () => {
  const deployment: Deployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', labels: { app: 'web' } },
    spec: {
      replicas: 0,
      strategy: { rollingUpdate: { maxSurge: { intVal: 1 } } },
      template: { spec: { volumes: [{ name: 'cache', emptyDir: {} }] } },
    },
  };

  it('carries a model object in the oneof field of its kind', () => {
    expect(objectToWire(deployment)).toEqual({ deployment });
  });

  it('reads a decoded message back as the model: zero values and nulls dropped, presence and empty messages kept', () => {
    // what @grpc/proto-loader hands over with defaults: true and oneofs: true
    const received = {
      kind: 'deployment',
      deployment: {
        apiVersion: '',
        kind: '',
        metadata: {
          name: 'web',
          generateName: '',
          namespace: '',
          generation: 0,
          labels: { app: 'web' },
          annotations: {},
          ownerReferences: [],
          finalizers: [],
        },
        spec: {
          replicas: 0,
          _replicas: 'replicas',
          selector: null,
          minReadySeconds: 0,
          paused: false,
          strategy: { type: '', rollingUpdate: { maxSurge: { intVal: 1, value: 'intVal' }, maxUnavailable: null } },
          template: {
            metadata: null,
            spec: { volumes: [{ name: 'cache', emptyDir: { medium: '' }, hostPath: null }], containers: [] },
          },
        },
        status: null,
      },
    } as unknown as WireObjectOutput;
    expect(objectFromWire(received)).toEqual(deployment);
  });

  it('passes model objects to generated message types without conversion', () => {
    const pod: Pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' } };
    const statefulSet: StatefulSet = { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 's' } };
    expect(asWireInputs(pod, statefulSet)).toEqual([pod, statefulSet]);
  });

  it('carries ServiceAccounts, roles and bindings through protobuf bytes unchanged', () => {
    const text = readFileSync(join(dirname(fileURLToPath(import.meta.url)), 'testdata', 'rbac.yaml'), 'utf8');
    const objects = parseManifest(text);
    expect(objects.map((object) => object.kind)).toEqual([
      'ServiceAccount',
      'Role',
      'ClusterRole',
      'RoleBinding',
      'ClusterRoleBinding',
    ]);
    for (const object of objects) {
      const received = throughProtobuf(objectToWire(object));
      expect(received.kind, object.kind).toBe(Object.keys(objectToWire(object))[0]);
      expect(objectFromWire(received), object.kind).toEqual(object);
    }
  });

  it('keeps an explicit false automountServiceAccountToken across the wire (presence, not a zero value)', () => {
    const [account] = parseManifest(
      'apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: a}\nautomountServiceAccountToken: false\n',
    );
    if (account === undefined) throw new Error('no object');
    expect(objectFromWire(throughProtobuf(objectToWire(account)))).toMatchObject({
      automountServiceAccountToken: false,
    });
  });

  it('refuses an empty envelope', () => {
    expect(() => objectFromWire({} as WireObjectOutput)).toThrow(/no object/);
  });
});
