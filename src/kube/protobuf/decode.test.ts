import protobuf from 'protobufjs';
import { describe, expect, it } from 'vitest';
import { AssertionError } from '../../assert.js';
import { messagePlan } from './message-plan.js';
import {
  decodeKubernetesProtobuf,
  decodeKubernetesProtobufDetailed,
  isKubernetesProtobuf,
  KubernetesProtobufError,
  kubernetesSchema,
  ProtobufErrorCode,
  protobufKinds,
  validateProtobufLimits,
} from './index.js';

const magic = Buffer.from('k8s\0', 'binary');

function type(name: string): protobuf.Type {
  return kubernetesSchema().lookupType(name);
}

/** The bytes of `message` as the typed Go struct would be written (protobufjs writes every key given, zeros too). */
function encode(name: string, message: Record<string, unknown>): Uint8Array {
  const messageType = type(name);
  const problem = messageType.verify(message);
  if (problem !== null) throw new Error(`test message for ${name} is wrong: ${problem}`);
  // encode, not fromObject: fromObject would assign a map key such as __proto__ through its setter.
  return messageType.encode(message).finish();
}

/** A whole body: the magic, then runtime.Unknown around the object's bytes. */
function body(apiVersion: string, kind: string, raw: Uint8Array, extra: Record<string, unknown> = {}): Buffer {
  const envelope = encode('k8s.io.apimachinery.pkg.runtime.Unknown', {
    typeMeta: { apiVersion, kind },
    raw,
    contentEncoding: '',
    contentType: '',
    ...extra,
  });
  return Buffer.concat([magic, envelope]);
}

function decodeError(run: () => unknown): KubernetesProtobufError {
  try {
    run();
  } catch (error: unknown) {
    if (error instanceof KubernetesProtobufError) return error;
    throw error;
  }
  throw new Error('expected a KubernetesProtobufError');
}

/** What gogo protobuf writes for every ObjectMeta: the name, and empty non-pointer fields. */
const goMetadata = (name: string): Record<string, unknown> => ({
  name,
  generateName: '',
  namespace: '',
  selfLink: '',
  uid: '',
  resourceVersion: '',
  generation: 0,
  creationTimestamp: {},
});

describe('isKubernetesProtobuf', () => {
  it('accepts the protobuf media type with any case and parameters, and nothing else', () => {
    expect(isKubernetesProtobuf('application/vnd.kubernetes.protobuf')).toBe(true);
    expect(isKubernetesProtobuf('Application/VND.Kubernetes.Protobuf; charset=utf-8')).toBe(true);
    expect(isKubernetesProtobuf('application/json')).toBe(false);
    expect(isKubernetesProtobuf('application/vnd.kubernetes.protobuf-extra')).toBe(false);
    expect(isKubernetesProtobuf('')).toBe(false);
  });
});

describe('the schemas', () => {
  it('resolve, and every message compiles to a decoding plan (no enum, no unmapped scalar type)', () => {
    const root = kubernetesSchema();
    const messages: protobuf.Type[] = [];
    const walk = (namespace: protobuf.NamespaceBase): void => {
      for (const nested of namespace.nestedArray) {
        if (nested instanceof protobuf.Type && nested.fullName.startsWith('.k8s.io.')) messages.push(nested);
        if (nested instanceof protobuf.Namespace || nested instanceof protobuf.Type) walk(nested);
      }
    };
    walk(root);
    expect(messages.length).toBeGreaterThan(150);
    for (const message of messages) expect(messagePlan(message).fields.size).toBeGreaterThanOrEqual(0);
  });

  it('have a message for every kind a body may carry, with upstream numbers where kubectl relies on them', () => {
    for (const { apiVersion, kind } of protobufKinds()) {
      const decoded = decodeKubernetesProtobuf(body(apiVersion, kind, new Uint8Array()));
      expect(decoded).toEqual({ apiVersion, kind });
    }
    expect(type('k8s.io.api.apps.v1.DeploymentSpec').fields['progressDeadlineSeconds']?.id).toBe(9);
    expect(type('k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta').fields['managedFields']?.id).toBe(17);
    expect(type('k8s.io.api.core.v1.PodSpec').fields['initContainers']?.id).toBe(20);
  });
});

describe('decodeKubernetesProtobuf', () => {
  it('turns a Deployment into Kubernetes JSON: zeros kept only where Go keeps them, inline fields flattened', () => {
    const raw = encode('k8s.io.api.apps.v1.Deployment', {
      metadata: {
        ...goMetadata('web'),
        namespace: 'shop',
        labels: { app: 'web' },
        annotations: { note: '' },
        ownerReferences: [{ apiVersion: 'v1', kind: 'X', name: 'o', uid: 'u1', controller: true }],
        managedFields: [
          {
            manager: 'kubectl',
            operation: 'Update',
            apiVersion: 'apps/v1',
            time: { seconds: 1704164645, nanos: 999 },
            fieldsType: 'FieldsV1',
            fieldsV1: { Raw: Buffer.from('{"f:spec":{"f:replicas":{}}}') },
            subresource: '',
          },
        ],
      },
      spec: {
        replicas: 0,
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { ...goMetadata(''), labels: { app: 'web' } },
          spec: {
            containers: [
              {
                name: 'web',
                image: 'nginx',
                ports: [{ name: '', hostPort: 0, containerPort: 80, protocol: 'TCP', hostIP: '' }],
                resources: { limits: { cpu: { string: '100m' } }, requests: { memory: {} } },
                livenessProbe: {
                  handler: { httpGet: { path: '/healthz', port: { type: 1, intVal: 0, strVal: 'http' } } },
                  initialDelaySeconds: 0,
                  periodSeconds: 10,
                },
                securityContext: { runAsUser: 0, privileged: false },
                imagePullPolicy: '',
                stdin: false,
              },
            ],
            volumes: [
              {
                name: 'config',
                volumeSource: { configMap: { localObjectReference: { name: 'cm' }, defaultMode: 420 } },
              },
            ],
            restartPolicy: 'Always',
            serviceAccount: '',
            hostNetwork: false,
            automountServiceAccountToken: false,
          },
        },
        strategy: {
          type: 'RollingUpdate',
          rollingUpdate: { maxUnavailable: { type: 0, intVal: 0, strVal: '' }, maxSurge: { type: 1, strVal: '25%' } },
        },
        minReadySeconds: 0,
        paused: false,
      },
      status: {},
    });
    expect(decodeKubernetesProtobuf(body('apps/v1', 'Deployment', raw))).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: {
        name: 'web',
        namespace: 'shop',
        labels: { app: 'web' },
        annotations: { note: '' },
        ownerReferences: [{ apiVersion: 'v1', kind: 'X', name: 'o', uid: 'u1', controller: true }],
        managedFields: [
          {
            manager: 'kubectl',
            operation: 'Update',
            apiVersion: 'apps/v1',
            time: '2024-01-02T03:04:05Z',
            fieldsType: 'FieldsV1',
            fieldsV1: { 'f:spec': { 'f:replicas': {} } },
          },
        ],
      },
      spec: {
        replicas: 0,
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: {
            containers: [
              {
                name: 'web',
                image: 'nginx',
                ports: [{ containerPort: 80, protocol: 'TCP' }],
                resources: { limits: { cpu: '100m' }, requests: { memory: '0' } },
                livenessProbe: { httpGet: { path: '/healthz', port: 'http' }, periodSeconds: 10 },
                securityContext: { runAsUser: 0, privileged: false },
              },
            ],
            volumes: [{ name: 'config', configMap: { name: 'cm', defaultMode: 420 } }],
            restartPolicy: 'Always',
            automountServiceAccountToken: false,
          },
        },
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: '25%' } },
      },
      status: {},
    });
  });

  it('writes bytes as base64, keeps empty map values, MicroTime to the microsecond, and leaves out zero times', () => {
    const secret = encode('k8s.io.api.core.v1.Secret', {
      metadata: goMetadata('s'),
      data: { key: Buffer.from([0xff, 0x00, 0x10]), empty: Buffer.alloc(0) },
      type: 'Opaque',
      immutable: false,
    });
    expect(decodeKubernetesProtobuf(body('v1', 'Secret', secret))).toEqual({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 's' },
      data: { key: '/wAQ', empty: '' },
      type: 'Opaque',
      immutable: false,
    });
    const event = encode('k8s.io.api.core.v1.Event', {
      metadata: goMetadata('e'),
      eventTime: { seconds: 1704164645, nanos: 123_456_789 },
      series: { count: 2, lastObservedTime: { seconds: 0, nanos: 1000 } },
      firstTimestamp: {},
      lastTimestamp: { seconds: -62135596800 },
      count: 0,
    });
    expect(decodeKubernetesProtobuf(body('v1', 'Event', event))).toEqual({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: 'e' },
      eventTime: '2024-01-02T03:04:05.123456Z',
      series: { count: 2, lastObservedTime: '1970-01-01T00:00:00.000001Z' },
    });
  });

  it('uses the JSON name where it differs from the proto name', () => {
    const ingressClass = encode('k8s.io.api.networking.v1.IngressClass', {
      metadata: goMetadata('nginx'),
      spec: {
        controller: 'k8s.io/ingress-nginx',
        parameters: { aPIGroup: 'k8s.example.com', kind: 'Params', name: 'p' },
      },
    });
    expect(decodeKubernetesProtobuf(body('networking.k8s.io/v1', 'IngressClass', ingressClass))).toMatchObject({
      spec: { parameters: { apiGroup: 'k8s.example.com', kind: 'Params', name: 'p' } },
    });
  });

  it('decodes an Eviction and DeleteOptions of any served group, keeping gracePeriodSeconds: 0', () => {
    const eviction = encode('k8s.io.api.policy.v1.Eviction', {
      metadata: { ...goMetadata('p1'), namespace: 'default' },
      deleteOptions: { gracePeriodSeconds: 0, preconditions: { uid: 'u1' } },
    });
    expect(decodeKubernetesProtobuf(body('policy/v1', 'Eviction', eviction))).toEqual({
      apiVersion: 'policy/v1',
      kind: 'Eviction',
      metadata: { name: 'p1', namespace: 'default' },
      deleteOptions: { gracePeriodSeconds: 0, preconditions: { uid: 'u1' } },
    });
    const options = encode('k8s.io.apimachinery.pkg.apis.meta.v1.DeleteOptions', {
      propagationPolicy: 'Foreground',
      dryRun: ['All'],
    });
    for (const apiVersion of ['apps/v1', 'meta.k8s.io/v1'])
      expect(decodeKubernetesProtobuf(body(apiVersion, 'DeleteOptions', options))).toEqual({
        apiVersion,
        kind: 'DeleteOptions',
        propagationPolicy: 'Foreground',
        dryRun: ['All'],
      });
  });

  it('names a field Orca does not model (an empty object) and reports field numbers it does not know', () => {
    const podSpec = encode('k8s.io.api.core.v1.PodSpec', {
      containers: [{ name: 'c', image: 'i' }],
      volumes: [{ name: 'v', volumeSource: { nfs: {} } }],
    });
    // Field 3 of NFSVolumeSource (readOnly) and a PodSpec field beyond upstream's numbers.
    const nfsVolume = Buffer.from([0x0a, 0x01, 0x76, 0x12, 0x04, 0x3a, 0x02, 0x18, 0x01]);
    const withUnknown = Buffer.concat([
      podSpec,
      Buffer.from([0x0a, nfsVolume.length]),
      nfsVolume,
      Buffer.from([0xf8, 0x3e, 0x01]),
    ]);
    const pod = encode('k8s.io.api.core.v1.Pod', { metadata: goMetadata('p') });
    const raw = Buffer.concat([pod, Buffer.from([0x12, withUnknown.length]), withUnknown]);
    const decoded = decodeKubernetesProtobufDetailed(body('v1', 'Pod', raw));
    expect(decoded.object).toEqual({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p' },
      spec: {
        containers: [{ name: 'c', image: 'i' }],
        volumes: [
          { name: 'v', nfs: {} },
          { name: 'v', nfs: {} },
        ],
      },
    });
    expect(decoded.unknownFields).toEqual([
      { path: 'spec.volumes[1].nfs', message: 'k8s.io.api.core.v1.NFSVolumeSource', fieldNumber: 3 },
      { path: 'spec', message: 'k8s.io.api.core.v1.PodSpec', fieldNumber: 1007 },
    ]);
  });

  it('merges a repeated occurrence of a message field, lets a scalar’s last one win, and reads packed lists', () => {
    const first = encode('k8s.io.api.core.v1.Namespace', { metadata: { name: 'a', labels: { x: '1' } } });
    const second = encode('k8s.io.api.core.v1.Namespace', { metadata: { name: 'b', labels: { y: '2' } } });
    const merged = decodeKubernetesProtobuf(body('v1', 'Namespace', Buffer.concat([first, second])));
    expect(merged).toEqual({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'b', labels: { x: '1', y: '2' } },
    });
    // PodSecurityContext.supplementalGroups (4), packed: 1, 300.
    const context = Buffer.from([0x22, 0x03, 0x01, 0xac, 0x02, 0x20, 0x00]);
    const spec = Buffer.concat([Buffer.from([0x72, context.length]), context]);
    const pod = Buffer.concat([Buffer.from([0x12, spec.length]), spec]);
    expect(decodeKubernetesProtobuf(body('v1', 'Pod', pod))).toEqual({
      apiVersion: 'v1',
      kind: 'Pod',
      spec: { securityContext: { supplementalGroups: [1, 300, 0] } },
    });
  });

  it('keeps a map key that would be special in JavaScript as a plain key', () => {
    const raw = encode('k8s.io.api.core.v1.ConfigMap', { data: { ['__proto__']: 'x', constructor: 'y' } });
    const decoded = decodeKubernetesProtobuf(body('v1', 'ConfigMap', raw));
    const data = decoded['data'] as Record<string, unknown>;
    expect(Object.keys(data).sort()).toEqual(['__proto__', 'constructor']);
    expect(Object.getPrototypeOf(data)).toBe(Object.prototype);
    expect(data['constructor']).toBe('y');
  });
});

describe('decodeKubernetesProtobuf refuses', () => {
  const namespace = encode('k8s.io.api.core.v1.Namespace', { metadata: { name: 'n' } });

  it('a body without the k8s\\0 prefix, or JSON sent under the protobuf type', () => {
    expect(decodeError(() => decodeKubernetesProtobuf(Buffer.from('{"kind":"Namespace"}'))).code).toBe(
      ProtobufErrorCode.notProtobuf,
    );
    expect(decodeError(() => decodeKubernetesProtobuf(Buffer.from('k8s'))).code).toBe(ProtobufErrorCode.notProtobuf);
  });

  it('a body over the limit, and one that decodes to too many values', () => {
    const error = decodeError(() => decodeKubernetesProtobuf(body('v1', 'Namespace', namespace), { bodyBytesMax: 10 }));
    expect(error.code).toBe(ProtobufErrorCode.tooLarge);
    expect(error.message).toMatch(/more than the limit of 10/);
    const many = encode('k8s.io.api.core.v1.ConfigMap', { data: { a: '1', b: '2', c: '3' } });
    expect(decodeError(() => decodeKubernetesProtobuf(body('v1', 'ConfigMap', many), { valuesMax: 2 })).code).toBe(
      ProtobufErrorCode.tooLarge,
    );
  });

  it('messages nested deeper than the limit', () => {
    const deployment = encode('k8s.io.api.apps.v1.Deployment', {
      spec: { template: { spec: { containers: [{ name: 'c' }] } } },
    });
    const error = decodeError(() =>
      decodeKubernetesProtobuf(body('apps/v1', 'Deployment', deployment), { depthMax: 3 }),
    );
    expect(error.code).toBe(ProtobufErrorCode.tooDeep);
    expect(error.path).toBe('spec.template.spec');
  });

  it('truncated bytes, a wrong wire type and groups, naming the field path', () => {
    const truncated = decodeError(() => decodeKubernetesProtobuf(body('v1', 'Namespace', namespace.subarray(0, 4))));
    expect(truncated.code).toBe(ProtobufErrorCode.malformed);
    expect(truncated.message).toMatch(/at metadata: .*runs past the end/);
    // metadata.name (1) sent as a varint.
    const wrongWire = Buffer.from([0x0a, 0x02, 0x08, 0x01]);
    expect(decodeError(() => decodeKubernetesProtobuf(body('v1', 'Namespace', wrongWire))).message).toMatch(
      /at metadata: field name \(1\) of k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta has wire type 0, not 2/,
    );
    // Field 15, which Namespace does not have, as a group.
    const group = Buffer.from([0x7b, 0x7c]);
    expect(decodeError(() => decodeKubernetesProtobuf(body('v1', 'Namespace', group))).message).toMatch(/group/);
    const endless = Buffer.concat([
      magic,
      Buffer.from([0x0a, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]),
    ]);
    expect(decodeError(() => decodeKubernetesProtobuf(endless)).message).toMatch(/varint/);
  });

  it('numbers JSON cannot hold exactly, and times outside the years 0001 to 9999', () => {
    const big = encode('k8s.io.api.core.v1.Namespace', { metadata: { generation: { low: 1, high: 0x200000 } } });
    const error = decodeError(() => decodeKubernetesProtobuf(body('v1', 'Namespace', big)));
    expect(error.code).toBe(ProtobufErrorCode.outOfRange);
    expect(error.path).toBe('metadata.generation');
    const late = encode('k8s.io.api.core.v1.Namespace', { metadata: { creationTimestamp: { seconds: 253402300800 } } });
    expect(decodeError(() => decodeKubernetesProtobuf(body('v1', 'Namespace', late))).code).toBe(
      ProtobufErrorCode.outOfRange,
    );
  });

  it('an IntOrString of an unknown type, and FieldsV1 that is not JSON', () => {
    const service = encode('k8s.io.api.core.v1.Service', {
      spec: { ports: [{ port: 80, targetPort: { type: 2, intVal: 1 } }] },
    });
    expect(decodeError(() => decodeKubernetesProtobuf(body('v1', 'Service', service))).message).toMatch(
      /at spec.ports\[0\].targetPort: an IntOrString has type 2/,
    );
    const managed = encode('k8s.io.api.core.v1.Namespace', {
      metadata: { managedFields: [{ fieldsV1: { Raw: Buffer.from('{not json') } }] },
    });
    expect(decodeError(() => decodeKubernetesProtobuf(body('v1', 'Namespace', managed))).message).toMatch(
      /at metadata.managedFields\[0\].fieldsV1: FieldsV1 does not hold JSON/,
    );
  });

  it('a kind without a schema, an envelope without a kind, and compressed or non-protobuf content', () => {
    const unknownKind = decodeError(() => decodeKubernetesProtobuf(body('v1', 'ResourceQuota', new Uint8Array())));
    expect(unknownKind.code).toBe(ProtobufErrorCode.unsupportedKind);
    expect(unknownKind.message).toMatch(
      /no protobuf schema for kind ResourceQuota of v1: send it as application\/json/,
    );
    expect(decodeError(() => decodeKubernetesProtobuf(body('', '', namespace))).code).toBe(
      ProtobufErrorCode.unsupportedKind,
    );
    expect(decodeError(() => decodeKubernetesProtobuf(body('apps/v1', 'Pod', namespace))).code).toBe(
      ProtobufErrorCode.unsupportedKind,
    );
    const gzip = decodeError(() =>
      decodeKubernetesProtobuf(body('v1', 'Namespace', namespace, { contentEncoding: 'gzip' })),
    );
    expect(gzip.code).toBe(ProtobufErrorCode.unsupportedEncoding);
    const json = body('v1', 'Namespace', Buffer.from('{}'), { contentType: 'application/json' });
    expect(decodeError(() => decodeKubernetesProtobuf(json)).code).toBe(ProtobufErrorCode.unsupportedEncoding);
  });

  it('limits that are not positive integers, as a programmer error', () => {
    expect(() => validateProtobufLimits({ depthMax: 0 })).toThrow(AssertionError);
    expect(() => validateProtobufLimits({ bodyBytesMax: 1.5 })).toThrow(/bodyBytesMax/);
  });
});
