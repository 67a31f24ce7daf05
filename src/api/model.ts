// The TypeScript shape of Orca objects, derived from the generated proto types
// so that the two can never drift: every field optional (absent means unset, as
// in Kubernetes' JSON), messages never null, proto3 presence markers dropped,
// IntOrString as its two plain fields. A model object can be passed to a gRPC
// call as is.
import type { ConfigMap__Output } from '../gen/orca/v1/ConfigMap.js';
import type { Container__Output } from '../gen/orca/v1/Container.js';
import type { ClusterRole__Output } from '../gen/orca/v1/ClusterRole.js';
import type { ClusterRoleBinding__Output } from '../gen/orca/v1/ClusterRoleBinding.js';
import type { CronJob__Output } from '../gen/orca/v1/CronJob.js';
import type { DaemonSet__Output } from '../gen/orca/v1/DaemonSet.js';
import type { Deployment__Output } from '../gen/orca/v1/Deployment.js';
import type { Endpoints__Output } from '../gen/orca/v1/Endpoints.js';
import type { Event__Output } from '../gen/orca/v1/Event.js';
import type { Ingress__Output } from '../gen/orca/v1/Ingress.js';
import type { IngressClass__Output } from '../gen/orca/v1/IngressClass.js';
import type { Job__Output } from '../gen/orca/v1/Job.js';
import type { JobSpec__Output } from '../gen/orca/v1/JobSpec.js';
import type { LabelSelector__Output } from '../gen/orca/v1/LabelSelector.js';
import type { Lease__Output } from '../gen/orca/v1/Lease.js';
import type { Namespace__Output } from '../gen/orca/v1/Namespace.js';
import type { Node__Output } from '../gen/orca/v1/Node.js';
import type { ObjectMeta__Output } from '../gen/orca/v1/ObjectMeta.js';
import type { OwnerReference__Output } from '../gen/orca/v1/OwnerReference.js';
import type { PersistentVolume__Output } from '../gen/orca/v1/PersistentVolume.js';
import type { PersistentVolumeClaim__Output } from '../gen/orca/v1/PersistentVolumeClaim.js';
import type { Pod__Output } from '../gen/orca/v1/Pod.js';
import type { PodSpec__Output } from '../gen/orca/v1/PodSpec.js';
import type { PodTemplateSpec__Output } from '../gen/orca/v1/PodTemplateSpec.js';
import type { PolicyRule__Output } from '../gen/orca/v1/PolicyRule.js';
import type { ReplicaSet__Output } from '../gen/orca/v1/ReplicaSet.js';
import type { Role__Output } from '../gen/orca/v1/Role.js';
import type { RoleBinding__Output } from '../gen/orca/v1/RoleBinding.js';
import type { RoleRef__Output } from '../gen/orca/v1/RoleRef.js';
import type { Secret__Output } from '../gen/orca/v1/Secret.js';
import type { Service__Output } from '../gen/orca/v1/Service.js';
import type { ServiceAccount__Output } from '../gen/orca/v1/ServiceAccount.js';
import type { StatefulSet__Output } from '../gen/orca/v1/StatefulSet.js';
import type { Subject__Output } from '../gen/orca/v1/Subject.js';
import type { Condition__Output } from '../gen/orca/v1/Condition.js';

/** An integer or a string such as "25%" or "http"; exactly one is set. */
export interface IntOrString {
  intVal?: number;
  strVal?: string;
}

type Scalar = string | number | boolean | bigint;

/** The model shape of a generated `__Output` type (see the file comment). */
export type Model<T> = T extends Scalar
  ? T
  : T extends readonly (infer Item)[]
    ? Model<Item>[]
    : string extends keyof T
      ? { [key: string]: Model<T[string & keyof T]> }
      : 'intVal' extends keyof T
        ? IntOrString
        : { [Key in keyof T as Key extends `_${string}` ? never : Key]?: Model<NonNullable<T[Key]>> };

/** A top-level object: apiVersion and kind are always set, so a union of kinds narrows on `kind`. */
type Kind<T, ApiVersion extends string, KindName extends string> = Omit<Model<T>, 'apiVersion' | 'kind'> & {
  apiVersion: ApiVersion;
  kind: KindName;
};

export type ObjectMeta = Model<ObjectMeta__Output>;
export type OwnerReference = Model<OwnerReference__Output>;
export type LabelSelector = Model<LabelSelector__Output>;
export type Condition = Model<Condition__Output>;
export type PodSpec = Model<PodSpec__Output>;
export type PodTemplateSpec = Model<PodTemplateSpec__Output>;
export type Container = Model<Container__Output>;
export type JobSpec = Model<JobSpec__Output>;
export type PolicyRule = Model<PolicyRule__Output>;
export type RoleRef = Model<RoleRef__Output>;
export type Subject = Model<Subject__Output>;

export type Namespace = Kind<Namespace__Output, 'v1', 'Namespace'>;
export type Node = Kind<Node__Output, 'v1', 'Node'>;
export type Pod = Kind<Pod__Output, 'v1', 'Pod'>;
export type Service = Kind<Service__Output, 'v1', 'Service'>;
export type Endpoints = Kind<Endpoints__Output, 'v1', 'Endpoints'>;
export type ConfigMap = Kind<ConfigMap__Output, 'v1', 'ConfigMap'>;
export type Secret = Kind<Secret__Output, 'v1', 'Secret'>;
export type Event = Kind<Event__Output, 'v1', 'Event'>;
export type PersistentVolume = Kind<PersistentVolume__Output, 'v1', 'PersistentVolume'>;
export type PersistentVolumeClaim = Kind<PersistentVolumeClaim__Output, 'v1', 'PersistentVolumeClaim'>;
export type Lease = Kind<Lease__Output, 'coordination.k8s.io/v1', 'Lease'>;
export type ReplicaSet = Kind<ReplicaSet__Output, 'apps/v1', 'ReplicaSet'>;
export type Deployment = Kind<Deployment__Output, 'apps/v1', 'Deployment'>;
export type StatefulSet = Kind<StatefulSet__Output, 'apps/v1', 'StatefulSet'>;
export type DaemonSet = Kind<DaemonSet__Output, 'apps/v1', 'DaemonSet'>;
export type Job = Kind<Job__Output, 'batch/v1', 'Job'>;
export type CronJob = Kind<CronJob__Output, 'batch/v1', 'CronJob'>;
export type Ingress = Kind<Ingress__Output, 'networking.k8s.io/v1', 'Ingress'>;
export type IngressClass = Kind<IngressClass__Output, 'networking.k8s.io/v1', 'IngressClass'>;
export type ServiceAccount = Kind<ServiceAccount__Output, 'v1', 'ServiceAccount'>;
export type Role = Kind<Role__Output, 'rbac.authorization.k8s.io/v1', 'Role'>;
export type ClusterRole = Kind<ClusterRole__Output, 'rbac.authorization.k8s.io/v1', 'ClusterRole'>;
export type RoleBinding = Kind<RoleBinding__Output, 'rbac.authorization.k8s.io/v1', 'RoleBinding'>;
export type ClusterRoleBinding = Kind<ClusterRoleBinding__Output, 'rbac.authorization.k8s.io/v1', 'ClusterRoleBinding'>;

/** Any Orca object; narrow on `kind`. */
export type OrcaObject =
  | Namespace
  | Node
  | Pod
  | Service
  | Endpoints
  | ConfigMap
  | Secret
  | Event
  | PersistentVolume
  | PersistentVolumeClaim
  | Lease
  | ReplicaSet
  | Deployment
  | StatefulSet
  | DaemonSet
  | Job
  | CronJob
  | Ingress
  | IngressClass
  | ServiceAccount
  | Role
  | ClusterRole
  | RoleBinding
  | ClusterRoleBinding;

export type KindName = OrcaObject['kind'];
export type ObjectOfKind<K extends KindName> = Extract<OrcaObject, { kind: K }>;
