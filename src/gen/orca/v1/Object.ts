// Original file: proto/orca/v1/object.proto

import type { Namespace as _orca_v1_Namespace, Namespace__Output as _orca_v1_Namespace__Output } from '../../orca/v1/Namespace.js';
import type { Node as _orca_v1_Node, Node__Output as _orca_v1_Node__Output } from '../../orca/v1/Node.js';
import type { Pod as _orca_v1_Pod, Pod__Output as _orca_v1_Pod__Output } from '../../orca/v1/Pod.js';
import type { Service as _orca_v1_Service, Service__Output as _orca_v1_Service__Output } from '../../orca/v1/Service.js';
import type { Endpoints as _orca_v1_Endpoints, Endpoints__Output as _orca_v1_Endpoints__Output } from '../../orca/v1/Endpoints.js';
import type { ConfigMap as _orca_v1_ConfigMap, ConfigMap__Output as _orca_v1_ConfigMap__Output } from '../../orca/v1/ConfigMap.js';
import type { Secret as _orca_v1_Secret, Secret__Output as _orca_v1_Secret__Output } from '../../orca/v1/Secret.js';
import type { Lease as _orca_v1_Lease, Lease__Output as _orca_v1_Lease__Output } from '../../orca/v1/Lease.js';
import type { Event as _orca_v1_Event, Event__Output as _orca_v1_Event__Output } from '../../orca/v1/Event.js';
import type { ReplicaSet as _orca_v1_ReplicaSet, ReplicaSet__Output as _orca_v1_ReplicaSet__Output } from '../../orca/v1/ReplicaSet.js';
import type { Deployment as _orca_v1_Deployment, Deployment__Output as _orca_v1_Deployment__Output } from '../../orca/v1/Deployment.js';
import type { StatefulSet as _orca_v1_StatefulSet, StatefulSet__Output as _orca_v1_StatefulSet__Output } from '../../orca/v1/StatefulSet.js';
import type { DaemonSet as _orca_v1_DaemonSet, DaemonSet__Output as _orca_v1_DaemonSet__Output } from '../../orca/v1/DaemonSet.js';
import type { Job as _orca_v1_Job, Job__Output as _orca_v1_Job__Output } from '../../orca/v1/Job.js';
import type { CronJob as _orca_v1_CronJob, CronJob__Output as _orca_v1_CronJob__Output } from '../../orca/v1/CronJob.js';
import type { Ingress as _orca_v1_Ingress, Ingress__Output as _orca_v1_Ingress__Output } from '../../orca/v1/Ingress.js';
import type { PersistentVolume as _orca_v1_PersistentVolume, PersistentVolume__Output as _orca_v1_PersistentVolume__Output } from '../../orca/v1/PersistentVolume.js';
import type { PersistentVolumeClaim as _orca_v1_PersistentVolumeClaim, PersistentVolumeClaim__Output as _orca_v1_PersistentVolumeClaim__Output } from '../../orca/v1/PersistentVolumeClaim.js';
import type { IngressClass as _orca_v1_IngressClass, IngressClass__Output as _orca_v1_IngressClass__Output } from '../../orca/v1/IngressClass.js';
import type { ServiceAccount as _orca_v1_ServiceAccount, ServiceAccount__Output as _orca_v1_ServiceAccount__Output } from '../../orca/v1/ServiceAccount.js';
import type { Role as _orca_v1_Role, Role__Output as _orca_v1_Role__Output } from '../../orca/v1/Role.js';
import type { ClusterRole as _orca_v1_ClusterRole, ClusterRole__Output as _orca_v1_ClusterRole__Output } from '../../orca/v1/ClusterRole.js';
import type { RoleBinding as _orca_v1_RoleBinding, RoleBinding__Output as _orca_v1_RoleBinding__Output } from '../../orca/v1/RoleBinding.js';
import type { ClusterRoleBinding as _orca_v1_ClusterRoleBinding, ClusterRoleBinding__Output as _orca_v1_ClusterRoleBinding__Output } from '../../orca/v1/ClusterRoleBinding.js';

export interface Object {
  'namespace'?: (_orca_v1_Namespace | null);
  'node'?: (_orca_v1_Node | null);
  'pod'?: (_orca_v1_Pod | null);
  'service'?: (_orca_v1_Service | null);
  'endpoints'?: (_orca_v1_Endpoints | null);
  'configMap'?: (_orca_v1_ConfigMap | null);
  'secret'?: (_orca_v1_Secret | null);
  'lease'?: (_orca_v1_Lease | null);
  'event'?: (_orca_v1_Event | null);
  'replicaSet'?: (_orca_v1_ReplicaSet | null);
  'deployment'?: (_orca_v1_Deployment | null);
  'statefulSet'?: (_orca_v1_StatefulSet | null);
  'daemonSet'?: (_orca_v1_DaemonSet | null);
  'job'?: (_orca_v1_Job | null);
  'cronJob'?: (_orca_v1_CronJob | null);
  'ingress'?: (_orca_v1_Ingress | null);
  'persistentVolume'?: (_orca_v1_PersistentVolume | null);
  'persistentVolumeClaim'?: (_orca_v1_PersistentVolumeClaim | null);
  'ingressClass'?: (_orca_v1_IngressClass | null);
  'serviceAccount'?: (_orca_v1_ServiceAccount | null);
  'role'?: (_orca_v1_Role | null);
  'clusterRole'?: (_orca_v1_ClusterRole | null);
  'roleBinding'?: (_orca_v1_RoleBinding | null);
  'clusterRoleBinding'?: (_orca_v1_ClusterRoleBinding | null);
  'kind'?: "namespace"|"node"|"pod"|"service"|"endpoints"|"configMap"|"secret"|"lease"|"event"|"replicaSet"|"deployment"|"statefulSet"|"daemonSet"|"job"|"cronJob"|"ingress"|"persistentVolume"|"persistentVolumeClaim"|"ingressClass"|"serviceAccount"|"role"|"clusterRole"|"roleBinding"|"clusterRoleBinding";
}

export interface Object__Output {
  'namespace'?: (_orca_v1_Namespace__Output | null);
  'node'?: (_orca_v1_Node__Output | null);
  'pod'?: (_orca_v1_Pod__Output | null);
  'service'?: (_orca_v1_Service__Output | null);
  'endpoints'?: (_orca_v1_Endpoints__Output | null);
  'configMap'?: (_orca_v1_ConfigMap__Output | null);
  'secret'?: (_orca_v1_Secret__Output | null);
  'lease'?: (_orca_v1_Lease__Output | null);
  'event'?: (_orca_v1_Event__Output | null);
  'replicaSet'?: (_orca_v1_ReplicaSet__Output | null);
  'deployment'?: (_orca_v1_Deployment__Output | null);
  'statefulSet'?: (_orca_v1_StatefulSet__Output | null);
  'daemonSet'?: (_orca_v1_DaemonSet__Output | null);
  'job'?: (_orca_v1_Job__Output | null);
  'cronJob'?: (_orca_v1_CronJob__Output | null);
  'ingress'?: (_orca_v1_Ingress__Output | null);
  'persistentVolume'?: (_orca_v1_PersistentVolume__Output | null);
  'persistentVolumeClaim'?: (_orca_v1_PersistentVolumeClaim__Output | null);
  'ingressClass'?: (_orca_v1_IngressClass__Output | null);
  'serviceAccount'?: (_orca_v1_ServiceAccount__Output | null);
  'role'?: (_orca_v1_Role__Output | null);
  'clusterRole'?: (_orca_v1_ClusterRole__Output | null);
  'roleBinding'?: (_orca_v1_RoleBinding__Output | null);
  'clusterRoleBinding'?: (_orca_v1_ClusterRoleBinding__Output | null);
  'kind'?: "namespace"|"node"|"pod"|"service"|"endpoints"|"configMap"|"secret"|"lease"|"event"|"replicaSet"|"deployment"|"statefulSet"|"daemonSet"|"job"|"cronJob"|"ingress"|"persistentVolume"|"persistentVolumeClaim"|"ingressClass"|"serviceAccount"|"role"|"clusterRole"|"roleBinding"|"clusterRoleBinding";
}
