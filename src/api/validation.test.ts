import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { defaultObject } from './defaults.js';
import { ValidationError } from './errors.js';
import { parseManifest } from './manifest.js';
import type { OrcaObject } from './model.js';
import { assertValid, validateObject, validateObjectUpdate } from './validation.js';

const testdata = join(dirname(fileURLToPath(import.meta.url)), 'testdata');
const fixtureObjects = [
  'deployment.yaml',
  'service.yaml',
  'statefulset.yaml',
  'cronjob.yaml',
  'config.yaml',
  'exported.yaml',
  'rbac.yaml',
].flatMap((name) => parseManifest(readFileSync(join(testdata, name), 'utf8')));

const container = { name: 'app', image: 'nginx:1.25' };
const template = { metadata: { labels: { app: 'web' } }, spec: { containers: [container] } };

/** One valid object of every kind; each rule below breaks one of them in one place. */
const valid = {
  Namespace: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } },
  Node: {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: 'w1.example' },
    spec: { podCidr: '10.244.1.0/24', taints: [{ key: 'dedicated', effect: 'NoSchedule' }] },
    status: { capacity: { cpu: '4', memory: '8Gi' } },
  },
  Pod: {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web', namespace: 'default' },
    spec: { containers: [container] },
  },
  Service: {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'web' },
    spec: { selector: { app: 'web' }, ports: [{ port: 80 }] },
  },
  Endpoints: {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: { name: 'web' },
    subsets: [{ addresses: [{ ip: '10.244.1.5' }], ports: [{ port: 8080 }] }],
  },
  ConfigMap: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg' }, data: { 'app.conf': 'x' } },
  Secret: { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'creds' }, data: { password: 'c2VjcmV0' } },
  Event: {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: 'web.1', namespace: 'default' },
    involvedObject: { kind: 'Pod', name: 'web', namespace: 'default' },
    reason: 'Scheduled',
    type: 'Normal',
  },
  Lease: {
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: { name: 'w1' },
    spec: { holderIdentity: 'w1', leaseDurationSeconds: 40 },
  },
  PersistentVolume: {
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: { name: 'pv1' },
    spec: { capacity: { storage: '10Gi' }, accessModes: ['ReadWriteOnce'], hostPath: { path: '/data/pv1' } },
  },
  PersistentVolumeClaim: {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name: 'data' },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
  },
  ReplicaSet: {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name: 'web-1' },
    spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template },
  },
  Deployment: {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web' },
    spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template },
  },
  StatefulSet: {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'db' },
    spec: {
      serviceName: 'db',
      selector: { matchLabels: { app: 'web' } },
      template: {
        ...template,
        spec: { containers: [{ ...container, volumeMounts: [{ name: 'data', mountPath: '/data' }] }] },
      },
      volumeClaimTemplates: [
        {
          metadata: { name: 'data' },
          spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
        },
      ],
    },
  },
  DaemonSet: {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'agent' },
    spec: { selector: { matchLabels: { app: 'web' } }, template },
  },
  Job: {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'once' },
    spec: { template: { spec: { restartPolicy: 'Never', containers: [container] } } },
  },
  CronJob: {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'nightly' },
    spec: {
      schedule: '0 3 * * *',
      jobTemplate: { spec: { template: { spec: { restartPolicy: 'OnFailure', containers: [container] } } } },
    },
  },
  Ingress: {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name: 'web' },
    spec: {
      rules: [
        {
          host: 'shop.example.com',
          http: {
            paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }],
          },
        },
      ],
    },
  },
  IngressClass: {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'IngressClass',
    metadata: { name: 'orca' },
    spec: { controller: 'orca.dev/ingress' },
  },
  ServiceAccount: {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name: 'builder', namespace: 'ci' },
    imagePullSecrets: [{ name: 'registry' }],
    automountServiceAccountToken: false,
  },
  Role: {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'Role',
    metadata: { name: 'pod-reader', namespace: 'default' },
    rules: [{ apiGroups: [''], resources: ['pods', 'pods/log'], verbs: ['get', 'list', 'watch'] }],
  },
  ClusterRole: {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name: 'system:health-reader' },
    rules: [
      { apiGroups: ['apps'], resources: ['deployments'], resourceNames: ['web'], verbs: ['get'] },
      { nonResourceUrls: ['/healthz', '/readyz'], verbs: ['get'] },
    ],
  },
  RoleBinding: {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name: 'read-pods', namespace: 'default' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'pod-reader' },
    subjects: [
      { kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'jane' },
      { kind: 'ServiceAccount', name: 'builder', namespace: 'ci' },
    ],
  },
  ClusterRoleBinding: {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name: 'health' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'system:health-reader' },
    subjects: [{ kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: 'system:authenticated' }],
  },
} as const satisfies Record<OrcaObject['kind'], unknown>;

type ValidKind = keyof typeof valid;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the rules below reach into arbitrary nested fields to break them
type Loose = Record<string, any>;

/** A deep copy of the valid object of a kind, changed by `change`. */
function broken(kind: ValidKind, change: (object: Loose) => void): OrcaObject {
  const copy = structuredClone(valid[kind]) as unknown as Loose;
  change(copy);
  return copy as unknown as OrcaObject;
}

function rendered(object: OrcaObject): string[] {
  return validateObject(object).map((error) => (error.path === '' ? error.message : `${error.path}: ${error.message}`));
}

describe('valid objects', () => {
  it.each(Object.keys(valid) as ValidKind[])('a minimal valid %s passes, before and after defaults', (kind) => {
    const object = valid[kind] as unknown as OrcaObject;
    expect(rendered(object)).toEqual([]);
    expect(rendered(defaultObject(object))).toEqual([]);
  });

  it('the realistic fixtures pass, before and after defaults', () => {
    for (const object of fixtureObjects) {
      expect(rendered(object), `${object.kind} ${object.metadata?.name ?? ''}`).toEqual([]);
      expect(rendered(defaultObject(object)), `${object.kind} ${object.metadata?.name ?? ''}`).toEqual([]);
    }
  });
});

/** [what the rule is, the object that breaks it, the one error it must produce as `path: message` (a prefix of it)]. */
const rules: [string, OrcaObject, string][] = [
  // metadata
  ['name is required', broken('Pod', (o) => delete o.metadata.name), 'metadata.name: required'],
  [
    'names are DNS-1123 subdomains',
    broken('Pod', (o) => (o.metadata.name = 'Web_1')),
    'metadata.name: invalid value "Web_1": a DNS-1123 subdomain',
  ],
  [
    'subdomains are at most 253 characters',
    broken('ConfigMap', (o) => (o.metadata.name = 'a'.repeat(254))),
    'metadata.name: must be no more than 253 characters'.replace(
      'metadata.name: ',
      'metadata.name: invalid value "' + 'a'.repeat(254) + '": ',
    ),
  ],
  [
    'namespace names are DNS-1123 labels',
    broken('Namespace', (o) => (o.metadata.name = 'a.b')),
    'metadata.name: invalid value "a.b": a DNS-1123 label',
  ],
  [
    'service names are DNS-1035 labels',
    broken('Service', (o) => (o.metadata.name = '1web')),
    'metadata.name: invalid value "1web": a DNS-1035 label',
  ],
  [
    'generateName may stand in for name',
    broken('Pod', (o) => ((o.metadata.generateName = 'Web-'), delete o.metadata.name)),
    'metadata.generateName: invalid value "Web-a"',
  ],
  [
    'namespace is a DNS label',
    broken('Pod', (o) => (o.metadata.namespace = 'My NS')),
    'metadata.namespace: invalid value "My NS"',
  ],
  [
    'cluster-scoped kinds have no namespace',
    broken('Node', (o) => (o.metadata.namespace = 'default')),
    'metadata.namespace: not allowed on a cluster-scoped kind',
  ],
  [
    'label keys are qualified names',
    broken('Pod', (o) => (o.metadata.labels = { 'bad key': 'x' })),
    'metadata.labels: invalid label key "bad key"',
  ],
  [
    'label key prefixes are DNS subdomains',
    broken('Pod', (o) => (o.metadata.labels = { 'Example.com/app': 'x' })),
    'metadata.labels: invalid label key "Example.com/app": prefix part',
  ],
  [
    'label values are at most 63 characters',
    broken('Pod', (o) => (o.metadata.labels = { app: 'x'.repeat(64) })),
    'metadata.labels.app: invalid value',
  ],
  [
    'label values use the label alphabet',
    broken('Pod', (o) => (o.metadata.labels = { app: 'a b' })),
    'metadata.labels.app: invalid value "a b"',
  ],
  [
    'annotation keys are qualified names',
    broken('Pod', (o) => (o.metadata.annotations = { '/x': 'y' })),
    'metadata.annotations: invalid annotation key "/x"',
  ],
  [
    'annotations total at most 256 KiB',
    broken('Pod', (o) => (o.metadata.annotations = { a: 'x'.repeat(256 * 1024) })),
    'metadata.annotations: annotations are 262145 bytes, more than the 262144 allowed',
  ],
  [
    'owner references name their owner fully',
    broken('Pod', (o) => (o.metadata.ownerReferences = [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-1' }])),
    'metadata.ownerReferences[0].uid: required',
  ],
  [
    'one controller owner at most',
    broken(
      'Pod',
      (o) =>
        (o.metadata.ownerReferences = [1, 2].map((n) => ({
          apiVersion: 'v1',
          kind: 'X',
          name: `x${n}`,
          uid: `u${n}`,
          controller: true,
        }))),
    ),
    'metadata.ownerReferences: only one reference can have controller set to true',
  ],
  [
    'finalizers are qualified names',
    broken('Pod', (o) => (o.metadata.finalizers = ['bad finalizer'])),
    'metadata.finalizers[0]: invalid value "bad finalizer"',
  ],
  [
    'objects over 1.5 MiB are refused',
    broken('ConfigMap', (o) => (o.data = { blob: 'x'.repeat(1.5 * 1024 * 1024) })),
    'object is 1572947 bytes encoded, more than the 1572864 allowed',
  ],
  // pod spec
  ['a pod has containers', broken('Pod', (o) => (o.spec.containers = [])), 'spec.containers: required'],
  ['a pod has a spec', broken('Pod', (o) => delete o.spec), 'spec: required'],
  [
    'containers have images',
    broken('Pod', (o) => delete o.spec.containers[0].image),
    'spec.containers[0].image: required',
  ],
  [
    'container names are DNS labels',
    broken('Pod', (o) => (o.spec.containers[0].name = 'App')),
    'spec.containers[0].name: invalid value "App"',
  ],
  [
    'container names are unique across init and app containers',
    broken('Pod', (o) => (o.spec.initContainers = [{ name: 'app', image: 'busybox' }])),
    'spec.containers[0].name: duplicate value "app"',
  ],
  [
    'imagePullPolicy is an enum',
    broken('Pod', (o) => (o.spec.containers[0].imagePullPolicy = 'Sometimes')),
    'spec.containers[0].imagePullPolicy: unsupported value "Sometimes": supported values: "Always", "IfNotPresent", "Never"',
  ],
  [
    'restartPolicy is an enum',
    broken('Pod', (o) => (o.spec.restartPolicy = 'Maybe')),
    'spec.restartPolicy: unsupported value "Maybe"',
  ],
  [
    'dnsPolicy is an enum',
    broken('Pod', (o) => (o.spec.dnsPolicy = 'Google')),
    'spec.dnsPolicy: unsupported value "Google"',
  ],
  [
    'only init containers may restart as sidecars',
    broken('Pod', (o) => (o.spec.containers[0].restartPolicy = 'Always')),
    'spec.containers[0].restartPolicy: may only be set on an init container',
  ],
  [
    'container ports are 1-65535',
    broken('Pod', (o) => (o.spec.containers[0].ports = [{ containerPort: 70000 }])),
    'spec.containers[0].ports[0].containerPort: invalid value 70000: must be between 1 and 65535, inclusive',
  ],
  [
    'container ports are required',
    broken('Pod', (o) => (o.spec.containers[0].ports = [{ name: 'http' }])),
    'spec.containers[0].ports[0].containerPort: required',
  ],
  [
    'host ports are 1-65535',
    broken('Pod', (o) => (o.spec.containers[0].ports = [{ containerPort: 80, hostPort: -1 }])),
    'spec.containers[0].ports[0].hostPort: invalid value -1',
  ],
  [
    'port protocols are TCP, UDP or SCTP',
    broken('Pod', (o) => (o.spec.containers[0].ports = [{ containerPort: 80, protocol: 'HTTP' }])),
    'spec.containers[0].ports[0].protocol: unsupported value "HTTP"',
  ],
  [
    'port names are IANA service names',
    broken('Pod', (o) => (o.spec.containers[0].ports = [{ containerPort: 80, name: 'http-server-port-1' }])),
    'spec.containers[0].ports[0].name: invalid value "http-server-port-1": must be no more than 15 characters',
  ],
  [
    'port names are unique in a container',
    broken(
      'Pod',
      (o) =>
        (o.spec.containers[0].ports = [
          { containerPort: 80, name: 'http' },
          { containerPort: 81, name: 'http' },
        ]),
    ),
    'spec.containers[0].ports[1].name: duplicate value "http"',
  ],
  [
    'container ports are unique per protocol',
    broken(
      'Pod',
      (o) => (o.spec.containers[0].ports = [{ containerPort: 80 }, { containerPort: 80, protocol: 'TCP' }]),
    ),
    'spec.containers[0].ports[1].containerPort: duplicate value "80/TCP"',
  ],
  [
    'host networking pins hostPort to containerPort',
    broken(
      'Pod',
      (o) => ((o.spec.hostNetwork = true), (o.spec.containers[0].ports = [{ containerPort: 80, hostPort: 8080 }])),
    ),
    'spec.containers[0].ports[0].hostPort: must match containerPort when hostNetwork is true',
  ],
  [
    'env vars have valid names',
    broken('Pod', (o) => (o.spec.containers[0].env = [{ name: '1BAD', value: 'x' }])),
    'spec.containers[0].env[0].name: invalid value "1BAD"',
  ],
  [
    'env value and valueFrom exclude each other',
    broken(
      'Pod',
      (o) =>
        (o.spec.containers[0].env = [
          { name: 'A', value: 'x', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
        ]),
    ),
    'spec.containers[0].env[0].valueFrom: may not be specified when value is not empty',
  ],
  [
    'valueFrom has exactly one source',
    broken('Pod', (o) => (o.spec.containers[0].env = [{ name: 'A', valueFrom: {} }])),
    'spec.containers[0].env[0].valueFrom: must specify exactly one of',
  ],
  [
    'secretKeyRef names its key',
    broken('Pod', (o) => (o.spec.containers[0].env = [{ name: 'A', valueFrom: { secretKeyRef: { name: 's' } } }])),
    'spec.containers[0].env[0].valueFrom.secretKeyRef.key: required',
  ],
  [
    'fieldRef names its field',
    broken('Pod', (o) => (o.spec.containers[0].env = [{ name: 'A', valueFrom: { fieldRef: {} } }])),
    'spec.containers[0].env[0].valueFrom.fieldRef.fieldPath: required',
  ],
  [
    'envFrom has exactly one source',
    broken('Pod', (o) => (o.spec.containers[0].envFrom = [{ prefix: 'X_' }])),
    'spec.containers[0].envFrom[0]: must specify exactly one of configMapRef, secretRef',
  ],
  [
    'resource quantities parse',
    broken('Pod', (o) => (o.spec.containers[0].resources = { requests: { cpu: 'lots' } })),
    'spec.containers[0].resources.requests.cpu: invalid value "lots"',
  ],
  [
    'requests do not exceed limits',
    broken(
      'Pod',
      (o) => (o.spec.containers[0].resources = { requests: { memory: '1Gi' }, limits: { memory: '512Mi' } }),
    ),
    'spec.containers[0].resources.requests.memory: invalid value "1Gi": must be less than or equal to memory limit of 512Mi',
  ],
  [
    'volume mounts name a volume',
    broken('Pod', (o) => (o.spec.containers[0].volumeMounts = [{ name: 'data', mountPath: '/data' }])),
    'spec.containers[0].volumeMounts[0].name: volume "data" not found',
  ],
  [
    'mount paths are absolute',
    broken(
      'Pod',
      (o) => (
        (o.spec.volumes = [{ name: 'd', emptyDir: {} }]),
        (o.spec.containers[0].volumeMounts = [{ name: 'd', mountPath: 'data' }])
      ),
    ),
    'spec.containers[0].volumeMounts[0].mountPath: invalid value "data": must be an absolute path',
  ],
  [
    'mount paths are unique',
    broken(
      'Pod',
      (o) => (
        (o.spec.volumes = [{ name: 'd', emptyDir: {} }]),
        (o.spec.containers[0].volumeMounts = [
          { name: 'd', mountPath: '/d' },
          { name: 'd', mountPath: '/d' },
        ])
      ),
    ),
    'spec.containers[0].volumeMounts[1].mountPath: duplicate value "/d"',
  ],
  [
    'probes have exactly one handler',
    broken('Pod', (o) => (o.spec.containers[0].livenessProbe = { periodSeconds: 5 })),
    'spec.containers[0].livenessProbe: must specify exactly one handler',
  ],
  [
    'probe ports are numbers or port names',
    broken('Pod', (o) => (o.spec.containers[0].readinessProbe = { httpGet: { port: { intVal: 0 } } })),
    'spec.containers[0].readinessProbe.httpGet.port: required',
  ],
  [
    'probe port names follow the port name rule',
    broken('Pod', (o) => (o.spec.containers[0].readinessProbe = { tcpSocket: { port: { strVal: 'HTTP' } } })),
    'spec.containers[0].readinessProbe.tcpSocket.port: invalid value "HTTP"',
  ],
  [
    'probe timings are not negative',
    broken('Pod', (o) => (o.spec.containers[0].readinessProbe = { exec: { command: ['true'] }, periodSeconds: -1 })),
    'spec.containers[0].readinessProbe.periodSeconds: invalid value -1: must be greater than or equal to 0',
  ],
  [
    'liveness success threshold is 1',
    broken('Pod', (o) => (o.spec.containers[0].livenessProbe = { exec: { command: ['true'] }, successThreshold: 2 })),
    'spec.containers[0].livenessProbe.successThreshold: must be 1',
  ],
  [
    'exec probes have a command',
    broken('Pod', (o) => (o.spec.containers[0].startupProbe = { exec: {} })),
    'spec.containers[0].startupProbe.exec.command: required',
  ],
  [
    'lifecycle handlers have exactly one action',
    broken('Pod', (o) => (o.spec.containers[0].lifecycle = { preStop: {} })),
    'spec.containers[0].lifecycle.preStop: must specify exactly one handler',
  ],
  [
    'volumes have exactly one source',
    broken('Pod', (o) => (o.spec.volumes = [{ name: 'd', emptyDir: {}, hostPath: { path: '/x' } }])),
    'spec.volumes[0]: must specify exactly one volume source',
  ],
  [
    'volume names are unique',
    broken(
      'Pod',
      (o) =>
        (o.spec.volumes = [
          { name: 'd', emptyDir: {} },
          { name: 'd', emptyDir: {} },
        ]),
    ),
    'spec.volumes[1].name: duplicate value "d"',
  ],
  [
    'hostPath volumes have a path',
    broken('Pod', (o) => (o.spec.volumes = [{ name: 'd', hostPath: {} }])),
    'spec.volumes[0].hostPath.path: required',
  ],
  [
    'secret volumes name their secret',
    broken('Pod', (o) => (o.spec.volumes = [{ name: 'd', secret: {} }])),
    'spec.volumes[0].secret.secretName: required',
  ],
  [
    'projected items stay inside the volume',
    broken(
      'Pod',
      (o) => (o.spec.volumes = [{ name: 'd', configMap: { name: 'c', items: [{ key: 'k', path: '../etc/passwd' }] } }]),
    ),
    'spec.volumes[0].configMap.items[0].path: invalid value "../etc/passwd"',
  ],
  [
    'file modes are at most 0777',
    broken('Pod', (o) => (o.spec.volumes = [{ name: 'd', configMap: { name: 'c', defaultMode: 0o1777 } }])),
    'spec.volumes[0].configMap.defaultMode: invalid value 1023',
  ],
  [
    'emptyDir size limits are quantities',
    broken('Pod', (o) => (o.spec.volumes = [{ name: 'd', emptyDir: { sizeLimit: 'big' } }])),
    'spec.volumes[0].emptyDir.sizeLimit: invalid value "big"',
  ],
  [
    'nodeSelector uses label syntax',
    broken('Pod', (o) => (o.spec.nodeSelector = { disk: 'fast ssd' })),
    'spec.nodeSelector.disk: invalid value "fast ssd"',
  ],
  [
    'grace periods are not negative',
    broken('Pod', (o) => (o.spec.terminationGracePeriodSeconds = -5)),
    'spec.terminationGracePeriodSeconds: invalid value -5',
  ],
  [
    'toleration operators are Exists or Equal',
    broken('Pod', (o) => (o.spec.tolerations = [{ key: 'k', operator: 'Like' }])),
    'spec.tolerations[0].operator: unsupported value "Like"',
  ],
  [
    'Exists tolerations have no value',
    broken('Pod', (o) => (o.spec.tolerations = [{ key: 'k', operator: 'Exists', value: 'v' }])),
    'spec.tolerations[0].value: must be empty when operator is Exists',
  ],
  [
    'toleration effects are taint effects',
    broken('Pod', (o) => (o.spec.tolerations = [{ key: 'k', operator: 'Exists', effect: 'NoRun' }])),
    'spec.tolerations[0].effect: unsupported value "NoRun"',
  ],
  [
    'tolerationSeconds needs NoExecute',
    broken(
      'Pod',
      (o) => (o.spec.tolerations = [{ key: 'k', operator: 'Exists', effect: 'NoSchedule', tolerationSeconds: 5 }]),
    ),
    'spec.tolerations[0].effect: must be NoExecute when tolerationSeconds is set',
  ],
  [
    'node affinity operators are known',
    broken(
      'Pod',
      (o) =>
        (o.spec.affinity = {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'Near', values: ['a'] }] }],
            },
          },
        }),
    ),
    'spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].operator: unsupported value "Near"',
  ],
  [
    'In needs values',
    broken(
      'Pod',
      (o) =>
        (o.spec.affinity = {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In' }] }],
            },
          },
        }),
    ),
    'spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].values: must be specified when operator is In',
  ],
  [
    'Gt takes one integer',
    broken(
      'Pod',
      (o) =>
        (o.spec.affinity = {
          nodeAffinity: {
            preferredDuringSchedulingIgnoredDuringExecution: [
              { weight: 1, preference: { matchExpressions: [{ key: 'cores', operator: 'Gt', values: ['many'] }] } },
            ],
          },
        }),
    ),
    'spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].preference.matchExpressions[0].values: must be a single integer when operator is Gt',
  ],
  [
    'preference weights are 1-100',
    broken(
      'Pod',
      (o) =>
        (o.spec.affinity = {
          podAntiAffinity: {
            preferredDuringSchedulingIgnoredDuringExecution: [
              { weight: 101, podAffinityTerm: { topologyKey: 'kubernetes.io/hostname' } },
            ],
          },
        }),
    ),
    'spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight: invalid value 101',
  ],
  [
    'pod affinity terms have a topology key',
    broken(
      'Pod',
      (o) =>
        (o.spec.affinity = {
          podAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: 'db' } } }],
          },
        }),
    ),
    'spec.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey: required',
  ],
  [
    'downwardAPI items have exactly one source',
    broken('Pod', (o) => (o.spec.volumes = [{ name: 'd', downwardApi: { items: [{ path: 'labels' }] } }])),
    'spec.volumes[0].downwardAPI.items[0]: must specify exactly one of fieldRef, resourceFieldRef',
  ],
  [
    'spread constraints allow some skew',
    broken(
      'Pod',
      (o) =>
        (o.spec.topologySpreadConstraints = [{ maxSkew: 0, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule' }]),
    ),
    'spec.topologySpreadConstraints[0].maxSkew: invalid value 0: must be greater than or equal to 1',
  ],
  [
    'spread constraints say what to do when unsatisfiable',
    broken('Pod', (o) => (o.spec.topologySpreadConstraints = [{ maxSkew: 1, topologyKey: 'zone' }])),
    'spec.topologySpreadConstraints[0].whenUnsatisfiable: required',
  ],
  [
    'seccomp profile types are known',
    broken('Pod', (o) => (o.spec.containers[0].securityContext = { seccompProfile: { type: 'Strict' } })),
    'spec.containers[0].securityContext.seccompProfile.type: unsupported value "Strict"',
  ],
  [
    'service IP families are IPv4 or IPv6',
    broken('Service', (o) => (o.spec.ipFamilies = ['IPv5'])),
    'spec.ipFamilies[0]: unsupported value "IPv5"',
  ],
  // workloads
  [
    'workloads need a selector',
    broken('Deployment', (o) => delete o.spec.selector),
    'spec.selector: required: a non-empty selector',
  ],
  [
    'the selector must select the template',
    broken('Deployment', (o) => (o.spec.selector.matchLabels = { app: 'api' })),
    'spec.template.metadata.labels: `selector` does not match template `labels`',
  ],
  [
    'set-based selectors must select the template too',
    broken(
      'ReplicaSet',
      (o) => (o.spec.selector = { matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['web'] }] }),
    ),
    'spec.template.metadata.labels: `selector` does not match template `labels`',
  ],
  [
    'selector operators are known',
    broken(
      'DaemonSet',
      (o) => (o.spec.selector = { matchExpressions: [{ key: 'app', operator: 'Is', values: ['web'] }] }),
    ),
    'spec.selector.matchExpressions[0].operator: unsupported value "Is"',
  ],
  ['workloads need a template', broken('ReplicaSet', (o) => delete o.spec.template), 'spec.template: required'],
  [
    'template pod specs are validated with their path',
    broken('Deployment', (o) => delete o.spec.template.spec.containers[0].image),
    'spec.template.spec.containers[0].image: required',
  ],
  [
    'replicated pods always restart',
    broken('Deployment', (o) => (o.spec.template.spec.restartPolicy = 'Never')),
    'spec.template.spec.restartPolicy: unsupported value "Never": supported values: "Always"',
  ],
  [
    'replicas are not negative',
    broken('Deployment', (o) => (o.spec.replicas = -1)),
    'spec.replicas: invalid value -1: must be greater than or equal to 0',
  ],
  [
    'deployment strategies are RollingUpdate or Recreate',
    broken('Deployment', (o) => (o.spec.strategy = { type: 'BlueGreen' })),
    'spec.strategy.type: unsupported value "BlueGreen"',
  ],
  [
    'Recreate has no rolling update',
    broken('Deployment', (o) => (o.spec.strategy = { type: 'Recreate', rollingUpdate: {} })),
    'spec.strategy.rollingUpdate: may not be specified when strategy type is Recreate',
  ],
  [
    'maxSurge is a count or a percentage',
    broken('Deployment', (o) => (o.spec.strategy = { rollingUpdate: { maxSurge: { strVal: 'half' } } })),
    'spec.strategy.rollingUpdate.maxSurge: invalid value "half"',
  ],
  [
    'maxUnavailable is at most 100%',
    broken('Deployment', (o) => (o.spec.strategy = { rollingUpdate: { maxUnavailable: { strVal: '150%' } } })),
    'spec.strategy.rollingUpdate.maxUnavailable: invalid value "150%": must not be greater than 100%',
  ],
  [
    'a rolling update must be able to move',
    broken(
      'Deployment',
      (o) => (o.spec.strategy = { rollingUpdate: { maxUnavailable: { intVal: 0 }, maxSurge: { strVal: '0%' } } }),
    ),
    'spec.strategy.rollingUpdate.maxUnavailable: may not be 0 when maxSurge is 0',
  ],
  [
    'the progress deadline exceeds minReadySeconds',
    broken('Deployment', (o) => ((o.spec.minReadySeconds = 30), (o.spec.progressDeadlineSeconds = 30))),
    'spec.progressDeadlineSeconds: invalid value 30: must be greater than minReadySeconds',
  ],
  [
    'revisionHistoryLimit is not negative',
    broken('Deployment', (o) => (o.spec.revisionHistoryLimit = -1)),
    'spec.revisionHistoryLimit: invalid value -1',
  ],
  [
    'claim templates are mountable by name',
    broken('StatefulSet', (o) => (o.spec.template.spec.containers[0].volumeMounts[0].name = 'logs')),
    'spec.template.spec.containers[0].volumeMounts[0].name: volume "logs" not found',
  ],
  [
    'claim templates request storage',
    broken('StatefulSet', (o) => delete o.spec.volumeClaimTemplates[0].spec.resources),
    'spec.volumeClaimTemplates[0].spec.resources.requests.storage: required',
  ],
  [
    'claim templates have access modes',
    broken('StatefulSet', (o) => (o.spec.volumeClaimTemplates[0].spec.accessModes = ['ReadWriteSometimes'])),
    'spec.volumeClaimTemplates[0].spec.accessModes[0]: unsupported value "ReadWriteSometimes"',
  ],
  [
    'claim template names are DNS labels',
    broken('StatefulSet', (o) => (o.spec.volumeClaimTemplates[0].metadata.name = 'Data')),
    'spec.volumeClaimTemplates[0].metadata.name: invalid value "Data"',
  ],
  [
    'podManagementPolicy is an enum',
    broken('StatefulSet', (o) => (o.spec.podManagementPolicy = 'Random')),
    'spec.podManagementPolicy: unsupported value "Random"',
  ],
  [
    'statefulset update strategies are RollingUpdate or OnDelete',
    broken('StatefulSet', (o) => (o.spec.updateStrategy = { type: 'Recreate' })),
    'spec.updateStrategy.type: unsupported value "Recreate"',
  ],
  [
    'partitions are not negative',
    broken('StatefulSet', (o) => (o.spec.updateStrategy = { rollingUpdate: { partition: -1 } })),
    'spec.updateStrategy.rollingUpdate.partition: invalid value -1',
  ],
  [
    'serviceName is a DNS label',
    broken('StatefulSet', (o) => (o.spec.serviceName = 'db.svc')),
    'spec.serviceName: invalid value "db.svc"',
  ],
  [
    'daemonset update strategies are RollingUpdate or OnDelete',
    broken('DaemonSet', (o) => (o.spec.updateStrategy = { type: 'Recreate' })),
    'spec.updateStrategy.type: unsupported value "Recreate"',
  ],
  [
    'job pods restart OnFailure or Never',
    broken('Job', (o) => (o.spec.template.spec.restartPolicy = 'Always')),
    'spec.template.spec.restartPolicy: unsupported value "Always": supported values: "OnFailure", "Never"',
  ],
  [
    'job pods must choose a restart policy',
    broken('Job', (o) => delete o.spec.template.spec.restartPolicy),
    'spec.template.spec.restartPolicy: required',
  ],
  [
    'backoffLimit is not negative',
    broken('Job', (o) => (o.spec.backoffLimit = -1)),
    'spec.backoffLimit: invalid value -1',
  ],
  [
    'parallelism is not negative',
    broken('Job', (o) => (o.spec.parallelism = -2)),
    'spec.parallelism: invalid value -2',
  ],
  [
    'activeDeadlineSeconds is positive',
    broken('Job', (o) => (o.spec.activeDeadlineSeconds = 0)),
    'spec.activeDeadlineSeconds: invalid value 0: must be greater than or equal to 1',
  ],
  [
    'a manual selector must be given',
    broken('Job', (o) => (o.spec.manualSelector = true)),
    'spec.selector: required: a non-empty selector',
  ],
  [
    'indexed jobs need completions',
    broken('Job', (o) => (o.spec.completionMode = 'Indexed')),
    'spec.completions: required when completionMode is Indexed',
  ],
  ['cron schedules are required', broken('CronJob', (o) => delete o.spec.schedule), 'spec.schedule: required'],
  [
    'cron schedules have five fields',
    broken('CronJob', (o) => (o.spec.schedule = '0 3 * *')),
    'spec.schedule: invalid value "0 3 * *": must be a cron expression of 5 fields',
  ],
  [
    'cron fields are cron fields',
    broken('CronJob', (o) => (o.spec.schedule = '0 3 * * %')),
    'spec.schedule: invalid value "0 3 * * %": field "%" is not a cron field',
  ],
  [
    'a cron time zone is an IANA name',
    broken('CronJob', (o) => (o.spec.timeZone = 'Mars/Olympus')),
    'spec.timeZone: invalid value "Mars/Olympus": unknown time zone',
  ],
  [
    'a cron time zone is not a schedule prefix',
    broken('CronJob', (o) => (o.spec.schedule = 'TZ=Europe/Paris 0 3 * * *')),
    'spec.schedule: invalid value "TZ=Europe/Paris 0 3 * * *": CRON_TZ or TZ used in schedule is not supported, please use spec.timeZone',
  ],
  [
    'concurrencyPolicy is an enum',
    broken('CronJob', (o) => (o.spec.concurrencyPolicy = 'Sometimes')),
    'spec.concurrencyPolicy: unsupported value "Sometimes"',
  ],
  [
    'history limits are not negative',
    broken('CronJob', (o) => (o.spec.failedJobsHistoryLimit = -1)),
    'spec.failedJobsHistoryLimit: invalid value -1',
  ],
  [
    'cronjob names leave room for the job suffix',
    broken('CronJob', (o) => (o.metadata.name = 'n'.repeat(53))),
    'metadata.name: must be no more than 52 characters',
  ],
  [
    'job templates of cronjobs are validated with their path',
    broken('CronJob', (o) => delete o.spec.jobTemplate.spec.template.spec.containers[0].image),
    'spec.jobTemplate.spec.template.spec.containers[0].image: required',
  ],
  // services and endpoints
  ['services have ports', broken('Service', (o) => (o.spec.ports = [])), 'spec.ports: required'],
  [
    'service ports are 1-65535',
    broken('Service', (o) => (o.spec.ports = [{ port: 0 }])),
    'spec.ports[0].port: required',
  ],
  [
    'service target ports are 1-65535',
    broken('Service', (o) => (o.spec.ports = [{ port: 80, targetPort: { intVal: 65536 } }])),
    'spec.ports[0].targetPort: invalid value 65536',
  ],
  [
    'service types are known',
    broken('Service', (o) => (o.spec.type = 'Magic')),
    'spec.type: unsupported value "Magic"',
  ],
  [
    'node ports are in 30000-32767',
    broken('Service', (o) => ((o.spec.type = 'NodePort'), (o.spec.ports = [{ port: 80, nodePort: 8080 }]))),
    'spec.ports[0].nodePort: invalid value 8080: provided port is not in the valid range 30000-32767',
  ],
  [
    'node ports need a NodePort service',
    broken('Service', (o) => (o.spec.ports = [{ port: 80, nodePort: 30080 }])),
    'spec.ports[0].nodePort: may not be used when type is ClusterIP',
  ],
  [
    'several ports need names',
    broken('Service', (o) => (o.spec.ports = [{ port: 80 }, { port: 443, name: 'https' }])),
    'spec.ports[0].name: required',
  ],
  [
    'service ports are unique',
    broken(
      'Service',
      (o) =>
        (o.spec.ports = [
          { port: 80, name: 'a' },
          { port: 80, name: 'b' },
        ]),
    ),
    'spec.ports[1]: duplicate value "80/TCP"',
  ],
  [
    'clusterIP is an IP or None',
    broken('Service', (o) => (o.spec.clusterIp = '10.0.0.300')),
    'spec.clusterIP: invalid value "10.0.0.300"',
  ],
  [
    'service selectors use label syntax',
    broken('Service', (o) => (o.spec.selector = { app: 'we b' })),
    'spec.selector.app: invalid value "we b"',
  ],
  [
    'endpoint addresses are IPs',
    broken('Endpoints', (o) => (o.subsets[0].addresses[0].ip = 'pod-1')),
    'subsets[0].addresses[0].ip: invalid value "pod-1": must be an IP address',
  ],
  [
    'endpoint ports are 1-65535',
    broken('Endpoints', (o) => (o.subsets[0].ports[0].port = 99999)),
    'subsets[0].ports[0].port: invalid value 99999',
  ],
  // config
  [
    'configmap keys are file-name safe',
    broken('ConfigMap', (o) => (o.data = { 'a/b': 'x' })),
    'data: invalid key "a/b"',
  ],
  [
    'configmap keys are not in both data and binaryData',
    broken('ConfigMap', (o) => (o.binaryData = { 'app.conf': 'eA==' })),
    'binaryData.app.conf: duplicate of a key in data',
  ],
  [
    'binaryData is base64',
    broken('ConfigMap', (o) => (o.binaryData = { bin: 'not base64!' })),
    'binaryData.bin: must be base64 encoded',
  ],
  [
    'secret data is base64',
    broken('Secret', (o) => (o.data = { password: 'plain text' })),
    'data.password: must be base64 encoded',
  ],
  [
    'tls secrets carry a certificate and key',
    broken('Secret', (o) => (o.type = 'kubernetes.io/tls')),
    'data[tls.crt]: required for a Secret of type kubernetes.io/tls',
  ],
  // nodes, leases, events
  [
    'podCIDR is a CIDR',
    broken('Node', (o) => (o.spec.podCidr = '10.244.1.0')),
    'spec.podCIDR: invalid value "10.244.1.0"',
  ],
  [
    'taint effects are known',
    broken('Node', (o) => (o.spec.taints = [{ key: 'k', effect: 'NoRun' }])),
    'spec.taints[0].effect: unsupported value "NoRun"',
  ],
  [
    'taints are unique by key and effect',
    broken('Node', (o) => o.spec.taints.push({ key: 'dedicated', effect: 'NoSchedule', value: 'x' })),
    'spec.taints[1]: duplicate value "dedicated:NoSchedule"',
  ],
  [
    'node capacity is quantities',
    broken('Node', (o) => (o.status.capacity = { cpu: 'four' })),
    'status.capacity.cpu: invalid value "four"',
  ],
  [
    'lease durations are positive',
    broken('Lease', (o) => (o.spec.leaseDurationSeconds = 0)),
    'spec.leaseDurationSeconds: invalid value 0',
  ],
  ['events name their object', broken('Event', (o) => delete o.involvedObject.name), 'involvedObject.name: required'],
  [
    "events live in their object's namespace",
    broken('Event', (o) => (o.involvedObject.namespace = 'other')),
    'involvedObject.namespace: does not match event.namespace',
  ],
  ['event types are Normal or Warning', broken('Event', (o) => (o.type = 'Error')), 'type: unsupported value "Error"'],
  // ingress and storage
  [
    'ingress paths have a path type',
    broken('Ingress', (o) => delete o.spec.rules[0].http.paths[0].pathType),
    'spec.rules[0].http.paths[0].pathType: required',
  ],
  [
    'ingress paths are absolute',
    broken('Ingress', (o) => (o.spec.rules[0].http.paths[0].path = 'api')),
    'spec.rules[0].http.paths[0].path: must be an absolute path',
  ],
  [
    'ingress backends name a service port',
    broken('Ingress', (o) => (o.spec.rules[0].http.paths[0].backend.service.port = {})),
    'spec.rules[0].http.paths[0].backend.service.port: must specify exactly one of name or number',
  ],
  [
    'ingress hosts are DNS names',
    broken('Ingress', (o) => (o.spec.rules[0].host = '10.0.0.1')),
    'spec.rules[0].host: invalid value "10.0.0.1": must be a DNS name, not an IP address',
  ],
  [
    'an ingress routes a host and path once',
    broken('Ingress', (o) => o.spec.rules.push(structuredClone(o.spec.rules[0]))),
    'spec.rules[1].http.paths[0].path: invalid value "/": duplicate of spec.rules[0].http.paths[0] (same host, path and pathType)',
  ],
  [
    'an ingress class names its controller',
    broken('IngressClass', (o) => (o.spec.controller = 'nginx')),
    'spec.controller: invalid value "nginx": must be a domain-prefixed path (such as "acme.io/ingress-controller")',
  ],
  [
    'an ingress routes somewhere',
    broken('Ingress', (o) => (o.spec.rules = [])),
    'spec: either defaultBackend or rules must be specified',
  ],
  [
    'persistent volumes have a capacity',
    broken('PersistentVolume', (o) => delete o.spec.capacity),
    'spec.capacity.storage: required',
  ],
  [
    'persistent volumes have one source',
    broken('PersistentVolume', (o) => (o.spec.local = { path: '/mnt' })),
    'spec: must specify exactly one volume source (hostPath, local)',
  ],
  [
    'reclaim policies are known',
    broken('PersistentVolume', (o) => (o.spec.persistentVolumeReclaimPolicy = 'Shred')),
    'spec.persistentVolumeReclaimPolicy: unsupported value "Shred"',
  ],
  [
    'claims have access modes',
    broken('PersistentVolumeClaim', (o) => (o.spec.accessModes = [])),
    'spec.accessModes: at least 1 access mode is required',
  ],
  [
    'claims request storage as a quantity',
    broken('PersistentVolumeClaim', (o) => (o.spec.resources.requests.storage = '1 GB')),
    'spec.resources.requests.storage: invalid value "1 GB"',
  ],
  // ServiceAccount
  [
    'image pull secrets are named',
    broken('ServiceAccount', (o) => (o.imagePullSecrets = [{}])),
    'imagePullSecrets[0].name: required',
  ],
  [
    'listed secrets are named as Secrets are',
    broken('ServiceAccount', (o) => (o.secrets = [{ name: 'Token_1' }])),
    'secrets[0].name: invalid value "Token_1"',
  ],
  // Role, ClusterRole
  [
    'a rule grants at least one verb',
    broken('Role', (o) => (o.rules[0].verbs = [])),
    'rules[0].verbs: required: verbs must contain at least one value',
  ],
  [
    'a resource rule names its API groups',
    broken('Role', (o) => delete o.rules[0].apiGroups),
    'rules[0].apiGroups: required: resource rules must supply at least one api group',
  ],
  [
    'a resource rule names its resources',
    broken('ClusterRole', (o) => (o.rules[0].resources = [])),
    'rules[0].resources: required: resource rules must supply at least one resource',
  ],
  [
    'a rule without resources needs non-resource URLs',
    broken('Role', (o) => (o.rules[0] = { verbs: ['get'] })),
    'rules[0].apiGroups: required',
  ],
  [
    'a Role cannot grant non-resource URLs',
    broken('Role', (o) => (o.rules[0] = { verbs: ['get'], nonResourceUrls: ['/healthz'] })),
    'rules[0].nonResourceURLs: namespaced rules cannot apply to non-resource URLs',
  ],
  [
    'a rule is about resources or non-resource URLs, not both',
    broken('ClusterRole', (o) => (o.rules[1].resources = ['pods'])),
    'rules[1].nonResourceURLs: rules cannot apply to both regular resources and non-resource URLs',
  ],
  [
    'a role has at most 1000 rules',
    broken('ClusterRole', (o) => (o.rules = Array.from({ length: 1001 }, () => o.rules[0]))),
    'rules: must have at most 1000 items, not 1001',
  ],
  [
    'a rule lists at most 100 verbs',
    broken('Role', (o) => (o.rules[0].verbs = Array.from({ length: 101 }, (_, n) => `verb${n}`))),
    'rules[0].verbs: must have at most 100 items, not 101',
  ],
  [
    'a rule lists at most 100 resource names',
    broken('ClusterRole', (o) => (o.rules[0].resourceNames = Array.from({ length: 101 }, (_, n) => `web-${n}`))),
    'rules[0].resourceNames: must have at most 100 items, not 101',
  ],
  [
    'a rule lists at most 100 non-resource URLs',
    broken('ClusterRole', (o) => (o.rules[1].nonResourceUrls = Array.from({ length: 101 }, (_, n) => `/p${n}`))),
    'rules[1].nonResourceURLs: must have at most 100 items, not 101',
  ],
  [
    'role names are path segments',
    broken('ClusterRole', (o) => (o.metadata.name = 'view/all')),
    'metadata.name: invalid value "view/all": may not contain "/"',
  ],
  [
    'roles are namespaced, cluster roles are not',
    broken('ClusterRole', (o) => (o.metadata.namespace = 'default')),
    'metadata.namespace: not allowed on a cluster-scoped kind',
  ],
  // RoleBinding, ClusterRoleBinding
  ['a binding names its role', broken('RoleBinding', (o) => delete o.roleRef), 'roleRef: required'],
  ['the role has a name', broken('RoleBinding', (o) => delete o.roleRef.name), 'roleRef.name: required'],
  [
    'a RoleBinding grants a Role or a ClusterRole',
    broken('RoleBinding', (o) => (o.roleRef.kind = 'Deployment')),
    'roleRef.kind: unsupported value "Deployment": supported values: "Role", "ClusterRole"',
  ],
  [
    'a ClusterRoleBinding grants only a ClusterRole',
    broken('ClusterRoleBinding', (o) => (o.roleRef.kind = 'Role')),
    'roleRef.kind: unsupported value "Role": supported values: "ClusterRole"',
  ],
  [
    'the role is in the rbac group',
    broken('RoleBinding', (o) => (o.roleRef.apiGroup = 'apps')),
    'roleRef.apiGroup: unsupported value "apps": supported values: "rbac.authorization.k8s.io"',
  ],
  [
    'subjects are Users, Groups or ServiceAccounts',
    broken('RoleBinding', (o) => (o.subjects[0].kind = 'Robot')),
    'subjects[0].kind: unsupported value "Robot": supported values: "User", "Group", "ServiceAccount"',
  ],
  ['a subject has a kind', broken('RoleBinding', (o) => delete o.subjects[0].kind), 'subjects[0].kind: required'],
  ['a user subject has a name', broken('RoleBinding', (o) => delete o.subjects[0].name), 'subjects[0].name: required'],
  [
    'users and groups are in the rbac group',
    broken('ClusterRoleBinding', (o) => (o.subjects[0].apiGroup = 'v1')),
    'subjects[0].apiGroup: unsupported value "v1": supported values: "rbac.authorization.k8s.io"',
  ],
  [
    'a ServiceAccount subject has a name',
    broken('RoleBinding', (o) => delete o.subjects[1].name),
    'subjects[1].name: required',
  ],
  [
    'a ServiceAccount subject names its namespace in a ClusterRoleBinding',
    broken('ClusterRoleBinding', (o) => (o.subjects = [{ kind: 'ServiceAccount', name: 'builder' }])),
    'subjects[0].namespace: required',
  ],
  [
    'a ServiceAccount subject is in the core group',
    broken('RoleBinding', (o) => (o.subjects[1].apiGroup = 'rbac.authorization.k8s.io')),
    'subjects[1].apiGroup: unsupported value "rbac.authorization.k8s.io": supported values: ""',
  ],
  [
    'a binding has at most 1000 subjects',
    broken('ClusterRoleBinding', (o) => (o.subjects = Array.from({ length: 1001 }, () => o.subjects[0]))),
    'subjects: must have at most 1000 items, not 1001',
  ],
];

describe('every rule names the field path it breaks', () => {
  it.each(rules)('%s', (_rule, object, expected) => {
    const errors = rendered(object);
    expect(
      errors.some((error) => error.startsWith(expected)),
      `got: ${errors.join(' | ')}`,
    ).toBe(true);
  });
});

describe('updates against the stored object', () => {
  const binding = valid.RoleBinding as unknown as OrcaObject;

  it('refuses a binding whose roleRef changes, in any of its fields', () => {
    for (const change of [
      (o: Loose) => (o.roleRef.name = 'pod-writer'),
      (o: Loose) => (o.roleRef.kind = 'ClusterRole'),
      (o: Loose) => (o.roleRef.apiGroup = 'example.com'),
    ]) {
      expect(validateObjectUpdate(broken('RoleBinding', change), binding)).toEqual([
        { path: 'roleRef', message: 'cannot change roleRef' },
      ]);
    }
    const clusterBinding = valid.ClusterRoleBinding as unknown as OrcaObject;
    expect(
      validateObjectUpdate(
        broken('ClusterRoleBinding', (o) => (o.roleRef.name = 'cluster-admin')),
        clusterBinding,
      ),
    ).toEqual([{ path: 'roleRef', message: 'cannot change roleRef' }]);
  });

  it('lets subjects and labels change, and reads an empty roleRef.apiGroup as its default', () => {
    const changed = broken('RoleBinding', (o) => {
      o.subjects = [{ kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: 'ops' }];
      o.metadata.labels = { team: 'ops' };
      o.roleRef.apiGroup = '';
    });
    expect(validateObjectUpdate(changed, binding)).toEqual([]);
    expect(
      validateObjectUpdate(
        broken('Role', (o) => (o.rules = [])),
        valid.Role as unknown as OrcaObject,
      ),
    ).toEqual([]);
  });
});

describe('ValidationError', () => {
  it('carries every field error and renders them as path: message', () => {
    const object = broken('Deployment', (o) => {
      delete o.spec.template.spec.containers[0].image;
      o.spec.replicas = -1;
    });
    let caught: unknown;
    try {
      assertValid(object);
    } catch (error: unknown) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ValidationError);
    const error = caught as ValidationError;
    expect(error.code).toBe('invalid-object');
    expect(error.fieldErrors).toEqual([
      { path: 'spec.replicas', message: 'invalid value -1: must be greater than or equal to 0' },
      { path: 'spec.template.spec.containers[0].image', message: 'required' },
    ]);
    expect(error.message).toBe(
      'Deployment web is invalid: spec.replicas: invalid value -1: must be greater than or equal to 0; spec.template.spec.containers[0].image: required',
    );
  });

  it('uses the too-large code for an oversize object', () => {
    expect(() => assertValid(broken('ConfigMap', (o) => (o.data = { blob: 'x'.repeat(2 * 1024 * 1024) })))).toThrow(
      expect.objectContaining({ code: 'too-large' }),
    );
  });

  it('returns a valid object unchanged', () => {
    const object = valid.Pod as unknown as OrcaObject;
    expect(assertValid(object)).toBe(object);
  });
});
