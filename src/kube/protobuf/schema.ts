/**
 * The Kubernetes protobuf schemas (proto/kubernetes/), loaded once at run
 * time with protobufjs, and the table of which message each apiVersion and
 * kind of a request body is. Only reflection is used from protobufjs: the
 * bytes are read by wire-reader.ts, which bounds and explains every failure.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import protobuf from 'protobufjs';
import { protoDir } from '../../gen/loader.js';
import { assertProtobuf } from './protobuf-error.js';

/** The schema files, relative to proto/; each imports the ones it needs. */
export const kubernetesProtoFiles: readonly string[] = [
  'kubernetes/api/apps/v1/generated.proto',
  'kubernetes/api/authentication/v1/generated.proto',
  'kubernetes/api/authorization/v1/generated.proto',
  'kubernetes/api/autoscaling/v1/generated.proto',
  'kubernetes/api/batch/v1/generated.proto',
  'kubernetes/api/coordination/v1/generated.proto',
  'kubernetes/api/core/v1/generated.proto',
  'kubernetes/api/networking/v1/generated.proto',
  'kubernetes/api/policy/v1/generated.proto',
  'kubernetes/api/rbac/v1/generated.proto',
  'kubernetes/apimachinery/pkg/api/resource/generated.proto',
  'kubernetes/apimachinery/pkg/apis/meta/v1/generated.proto',
  'kubernetes/apimachinery/pkg/runtime/generated.proto',
  'kubernetes/apimachinery/pkg/util/intstr/generated.proto',
];

/** The protobuf package of each served apiVersion, and the kinds a request body of it may carry. */
const apiVersions: Readonly<Record<string, { readonly protoPackage: string; readonly kinds: readonly string[] }>> = {
  v1: {
    protoPackage: 'k8s.io.api.core.v1',
    kinds: [
      'Binding',
      'ConfigMap',
      'Endpoints',
      'Event',
      'Namespace',
      'Node',
      'PersistentVolume',
      'PersistentVolumeClaim',
      'Pod',
      'Secret',
      'Service',
      'ServiceAccount',
    ],
  },
  'apps/v1': { protoPackage: 'k8s.io.api.apps.v1', kinds: ['DaemonSet', 'Deployment', 'ReplicaSet', 'StatefulSet'] },
  'batch/v1': { protoPackage: 'k8s.io.api.batch.v1', kinds: ['CronJob', 'Job'] },
  'networking.k8s.io/v1': { protoPackage: 'k8s.io.api.networking.v1', kinds: ['Ingress', 'IngressClass'] },
  'rbac.authorization.k8s.io/v1': {
    protoPackage: 'k8s.io.api.rbac.v1',
    kinds: ['ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding'],
  },
  'coordination.k8s.io/v1': { protoPackage: 'k8s.io.api.coordination.v1', kinds: ['Lease'] },
  'policy/v1': { protoPackage: 'k8s.io.api.policy.v1', kinds: ['Eviction'] },
  'autoscaling/v1': { protoPackage: 'k8s.io.api.autoscaling.v1', kinds: ['Scale'] },
  'authorization.k8s.io/v1': { protoPackage: 'k8s.io.api.authorization.v1', kinds: ['SelfSubjectAccessReview'] },
  'authentication.k8s.io/v1': { protoPackage: 'k8s.io.api.authentication.v1', kinds: ['SelfSubjectReview'] },
};

export const metaPackage = 'k8s.io.apimachinery.pkg.apis.meta.v1';
export const unknownMessage = 'k8s.io.apimachinery.pkg.runtime.Unknown';

/** DeleteOptions is registered in every group version (typed clients send it with their own), and in meta.k8s.io/v1. */
const deleteOptionsApiVersions: ReadonlySet<string> = new Set([...Object.keys(apiVersions), 'meta.k8s.io/v1']);

let loaded: protobuf.Root | undefined;

/** The schemas, loaded and every type reference resolved on first use (a missing type is a programmer error). */
export function kubernetesSchema(): protobuf.Root {
  if (loaded !== undefined) return loaded;
  const protoRoot = protoDir();
  // options.proto extends google/protobuf/descriptor.proto, which protobufjs ships.
  const protobufjsDir = dirname(createRequire(import.meta.url).resolve('protobufjs/package.json'));
  const root = new protobuf.Root();
  root.resolvePath = (_origin: string, target: string): string =>
    target.startsWith('google/protobuf/') ? join(protobufjsDir, target) : join(protoRoot, target);
  root.loadSync([...kubernetesProtoFiles], { keepCase: true });
  root.resolveAll();
  loaded = root;
  return root;
}

export function lookupMessage(fullName: string): protobuf.Type {
  const found = kubernetesSchema().lookup(fullName);
  assertProtobuf(found instanceof protobuf.Type, `message ${fullName} is not in the schemas`);
  return found;
}

/** The message a body of this apiVersion and kind is encoded as, or undefined when we have none. */
export function messageForKind(apiVersion: string, kind: string): protobuf.Type | undefined {
  if (kind === 'DeleteOptions')
    return deleteOptionsApiVersions.has(apiVersion) ? lookupMessage(`${metaPackage}.DeleteOptions`) : undefined;
  const entry = Object.hasOwn(apiVersions, apiVersion) ? apiVersions[apiVersion] : undefined;
  if (entry === undefined || !entry.kinds.includes(kind)) return undefined;
  return lookupMessage(`${entry.protoPackage}.${kind}`);
}

/** Every apiVersion and kind a protobuf body may carry (for tests and error messages). */
export function protobufKinds(): readonly { readonly apiVersion: string; readonly kind: string }[] {
  return Object.entries(apiVersions).flatMap(([apiVersion, entry]) => [
    ...entry.kinds.map((kind) => ({ apiVersion, kind })),
    { apiVersion, kind: 'DeleteOptions' },
  ]);
}
