// One validator per kind, each run on the whole object: metadata by the kind's
// name rule and scope, the kind's own rules, and the encoded size. Every error
// names its field path (`spec.template.spec.containers[0].image: required`).
import { ValidationError, type FieldError } from './errors.js';
import {
  checkLabels,
  checkMinimum,
  checkName,
  checkOptionalName,
  fail,
  isBlank,
  required,
  type Errors,
} from './field-checks.js';
import { kindInfo } from './kinds.js';
import { annotationsBytesMax, encodedBytes, objectBytesMax } from './limits.js';
import { encodeObject } from './manifest.js';
import type { ObjectMeta, OrcaObject } from './model.js';
import {
  dns1035LabelError,
  dnsLabelError,
  dnsSubdomainError,
  pathSegmentNameError,
  qualifiedNameError,
} from './names.js';
import {
  validateConfigMap,
  validateEndpoints,
  validateEvent,
  validateIngress,
  validateIngressClass,
  validateLease,
  validateNode,
  validatePersistentVolume,
  validatePersistentVolumeClaim,
  validateSecret,
  validateService,
  validateServiceAccount,
} from './validate-core.js';
import { validatePodSpec } from './validate-pod.js';
import {
  validateBindingUpdate,
  validateClusterRole,
  validateClusterRoleBinding,
  validateRole,
  validateRoleBinding,
} from './validate-rbac.js';
import {
  validateCronJob,
  validateDaemonSet,
  validateDeployment,
  validateJobSpec,
  validateReplicaSet,
  validateStatefulSet,
} from './validate-workloads.js';

/** Object names per kind: most are DNS subdomains; these become DNS labels in their own right. */
const nameRules: Readonly<Partial<Record<OrcaObject['kind'], (value: string) => string | undefined>>> = {
  Namespace: dnsLabelError,
  Service: dns1035LabelError,
  // RBAC names are path segments, so that `system:controller:job-controller` is one
  Role: pathSegmentNameError,
  ClusterRole: pathSegmentNameError,
  RoleBinding: pathSegmentNameError,
  ClusterRoleBinding: pathSegmentNameError,
};

const oversizePrefix = 'object is';

/** Every field error of an object; empty when it is valid. */
export function validateObject(object: OrcaObject): FieldError[] {
  const errors: Errors = [];
  const info = kindInfo(object.kind);
  if (info === undefined) return [{ path: 'kind', message: `unknown kind "${String(object.kind)}"` }];
  validateMetadata(errors, object.metadata, {
    namespaced: info.namespaced,
    nameRule: nameRules[object.kind] ?? dnsSubdomainError,
  });
  validateKind(errors, object);
  const bytes = encodedBytes(encodeObject(object));
  if (bytes > objectBytesMax)
    fail(errors, '', `${oversizePrefix} ${bytes} bytes encoded, more than the ${objectBytesMax} allowed`);
  return errors;
}

/** Throw a ValidationError carrying every field error, or return the object unchanged. */
export function assertValid<T extends OrcaObject>(object: T): T {
  const errors = validateObject(object);
  if (errors.length === 0) return object;
  const tooLarge = errors.some((error) => error.path === '' && error.message.startsWith(oversizePrefix));
  throw new ValidationError(
    errors,
    `${object.kind} ${describeName(object.metadata)}`,
    tooLarge ? 'too-large' : 'invalid-object',
  );
}

function describeName(metadata: ObjectMeta | undefined): string {
  const name = metadata?.name ?? metadata?.generateName ?? '';
  return isBlank(metadata?.namespace) ? name : `${metadata?.namespace ?? ''}/${name}`;
}

function validateKind(errors: Errors, object: OrcaObject): void {
  switch (object.kind) {
    case 'Pod':
      return validatePodSpec(errors, 'spec', object.spec);
    case 'ReplicaSet':
      return validateReplicaSet(errors, object);
    case 'Deployment':
      return validateDeployment(errors, object);
    case 'StatefulSet':
      return validateStatefulSet(errors, object);
    case 'DaemonSet':
      return validateDaemonSet(errors, object);
    case 'Job':
      return validateJobSpec(errors, 'spec', object.spec);
    case 'CronJob':
      return validateCronJob(errors, object);
    case 'Service':
      return validateService(errors, object);
    case 'Endpoints':
      return validateEndpoints(errors, object);
    case 'ConfigMap':
      return validateConfigMap(errors, object);
    case 'Secret':
      return validateSecret(errors, object);
    case 'Event':
      return validateEvent(errors, object);
    case 'Lease':
      return validateLease(errors, object);
    case 'Ingress':
      return validateIngress(errors, object);
    case 'IngressClass':
      return validateIngressClass(errors, object);
    case 'Node':
      return validateNode(errors, object);
    case 'PersistentVolume':
      return validatePersistentVolume(errors, object);
    case 'PersistentVolumeClaim':
      return validatePersistentVolumeClaim(errors, object);
    case 'ServiceAccount':
      return validateServiceAccount(errors, object);
    case 'Role':
      return validateRole(errors, object);
    case 'ClusterRole':
      return validateClusterRole(errors, object);
    case 'RoleBinding':
      return validateRoleBinding(errors, object);
    case 'ClusterRoleBinding':
      return validateClusterRoleBinding(errors, object);
    case 'Namespace':
      return;
  }
}

/**
 * The field errors of an update against the object it replaces: the fields a
 * kind fixes at creation. Empty when the update may apply. The state machine
 * runs it as the update applies, where the stored object is known for certain.
 */
export function validateObjectUpdate(updated: OrcaObject, stored: OrcaObject): FieldError[] {
  const errors: Errors = [];
  if (updated.kind !== stored.kind) return [{ path: 'kind', message: `cannot change kind from ${stored.kind}` }];
  if (updated.kind === 'RoleBinding' || updated.kind === 'ClusterRoleBinding')
    validateBindingUpdate(errors, updated, stored as typeof updated);
  return errors;
}

interface MetadataRules {
  readonly namespaced: boolean;
  readonly nameRule: (value: string) => string | undefined;
}

function validateMetadata(errors: Errors, metadata: ObjectMeta | undefined, rules: MetadataRules): void {
  if (metadata === undefined) {
    fail(errors, 'metadata.name', 'required');
    return;
  }
  if (isBlank(metadata.name) && !isBlank(metadata.generateName)) {
    // the generated suffix is 5 characters; the prefix must leave room for it
    checkName(errors, 'metadata.generateName', `${metadata.generateName}a`, rules.nameRule);
  } else {
    checkName(errors, 'metadata.name', metadata.name, rules.nameRule);
  }
  if (rules.namespaced) checkOptionalName(errors, 'metadata.namespace', metadata.namespace, dnsLabelError);
  else if (!isBlank(metadata.namespace)) fail(errors, 'metadata.namespace', 'not allowed on a cluster-scoped kind');
  checkLabels(errors, 'metadata.labels', metadata.labels);
  validateAnnotations(errors, metadata.annotations);
  validateOwnerReferences(errors, metadata.ownerReferences ?? []);
  (metadata.finalizers ?? []).forEach((finalizer, index) =>
    checkName(errors, `metadata.finalizers[${index}]`, finalizer, qualifiedNameError),
  );
  checkMinimum(errors, 'metadata.generation', metadata.generation, 0);
  checkMinimum(errors, 'metadata.deletionGracePeriodSeconds', metadata.deletionGracePeriodSeconds, 0);
}

function validateAnnotations(errors: Errors, annotations: Readonly<Record<string, string>> | undefined): void {
  let totalBytes = 0;
  for (const [key, value] of Object.entries(annotations ?? {})) {
    const problem = qualifiedNameError(key);
    if (problem !== undefined) fail(errors, 'metadata.annotations', `invalid annotation key "${key}": ${problem}`);
    totalBytes += Buffer.byteLength(key, 'utf8') + Buffer.byteLength(value, 'utf8');
  }
  if (totalBytes > annotationsBytesMax)
    fail(
      errors,
      'metadata.annotations',
      `annotations are ${totalBytes} bytes, more than the ${annotationsBytesMax} allowed`,
    );
}

function validateOwnerReferences(errors: Errors, references: NonNullable<ObjectMeta['ownerReferences']>): void {
  references.forEach((reference, index) => {
    const path = `metadata.ownerReferences[${index}]`;
    required(errors, `${path}.apiVersion`, reference.apiVersion);
    required(errors, `${path}.kind`, reference.kind);
    required(errors, `${path}.name`, reference.name);
    required(errors, `${path}.uid`, reference.uid);
  });
  if (references.filter((reference) => reference.controller === true).length > 1)
    fail(errors, 'metadata.ownerReferences', 'only one reference can have controller set to true');
}
