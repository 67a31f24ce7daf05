import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { Affinity as _orca_v1_Affinity, Affinity__Output as _orca_v1_Affinity__Output } from './orca/v1/Affinity.js';
import type { Capabilities as _orca_v1_Capabilities, Capabilities__Output as _orca_v1_Capabilities__Output } from './orca/v1/Capabilities.js';
import type { ClientIPConfig as _orca_v1_ClientIPConfig, ClientIPConfig__Output as _orca_v1_ClientIPConfig__Output } from './orca/v1/ClientIPConfig.js';
import type { Condition as _orca_v1_Condition, Condition__Output as _orca_v1_Condition__Output } from './orca/v1/Condition.js';
import type { ConfigMap as _orca_v1_ConfigMap, ConfigMap__Output as _orca_v1_ConfigMap__Output } from './orca/v1/ConfigMap.js';
import type { ConfigMapEnvSource as _orca_v1_ConfigMapEnvSource, ConfigMapEnvSource__Output as _orca_v1_ConfigMapEnvSource__Output } from './orca/v1/ConfigMapEnvSource.js';
import type { ConfigMapKeySelector as _orca_v1_ConfigMapKeySelector, ConfigMapKeySelector__Output as _orca_v1_ConfigMapKeySelector__Output } from './orca/v1/ConfigMapKeySelector.js';
import type { ConfigMapVolumeSource as _orca_v1_ConfigMapVolumeSource, ConfigMapVolumeSource__Output as _orca_v1_ConfigMapVolumeSource__Output } from './orca/v1/ConfigMapVolumeSource.js';
import type { Container as _orca_v1_Container, Container__Output as _orca_v1_Container__Output } from './orca/v1/Container.js';
import type { ContainerPort as _orca_v1_ContainerPort, ContainerPort__Output as _orca_v1_ContainerPort__Output } from './orca/v1/ContainerPort.js';
import type { ContainerState as _orca_v1_ContainerState, ContainerState__Output as _orca_v1_ContainerState__Output } from './orca/v1/ContainerState.js';
import type { ContainerStateRunning as _orca_v1_ContainerStateRunning, ContainerStateRunning__Output as _orca_v1_ContainerStateRunning__Output } from './orca/v1/ContainerStateRunning.js';
import type { ContainerStateTerminated as _orca_v1_ContainerStateTerminated, ContainerStateTerminated__Output as _orca_v1_ContainerStateTerminated__Output } from './orca/v1/ContainerStateTerminated.js';
import type { ContainerStateWaiting as _orca_v1_ContainerStateWaiting, ContainerStateWaiting__Output as _orca_v1_ContainerStateWaiting__Output } from './orca/v1/ContainerStateWaiting.js';
import type { ContainerStatus as _orca_v1_ContainerStatus, ContainerStatus__Output as _orca_v1_ContainerStatus__Output } from './orca/v1/ContainerStatus.js';
import type { DaemonSet as _orca_v1_DaemonSet, DaemonSet__Output as _orca_v1_DaemonSet__Output } from './orca/v1/DaemonSet.js';
import type { DaemonSetSpec as _orca_v1_DaemonSetSpec, DaemonSetSpec__Output as _orca_v1_DaemonSetSpec__Output } from './orca/v1/DaemonSetSpec.js';
import type { DaemonSetStatus as _orca_v1_DaemonSetStatus, DaemonSetStatus__Output as _orca_v1_DaemonSetStatus__Output } from './orca/v1/DaemonSetStatus.js';
import type { DaemonSetUpdateStrategy as _orca_v1_DaemonSetUpdateStrategy, DaemonSetUpdateStrategy__Output as _orca_v1_DaemonSetUpdateStrategy__Output } from './orca/v1/DaemonSetUpdateStrategy.js';
import type { Deployment as _orca_v1_Deployment, Deployment__Output as _orca_v1_Deployment__Output } from './orca/v1/Deployment.js';
import type { DeploymentSpec as _orca_v1_DeploymentSpec, DeploymentSpec__Output as _orca_v1_DeploymentSpec__Output } from './orca/v1/DeploymentSpec.js';
import type { DeploymentStatus as _orca_v1_DeploymentStatus, DeploymentStatus__Output as _orca_v1_DeploymentStatus__Output } from './orca/v1/DeploymentStatus.js';
import type { DeploymentStrategy as _orca_v1_DeploymentStrategy, DeploymentStrategy__Output as _orca_v1_DeploymentStrategy__Output } from './orca/v1/DeploymentStrategy.js';
import type { DownwardAPIVolumeFile as _orca_v1_DownwardAPIVolumeFile, DownwardAPIVolumeFile__Output as _orca_v1_DownwardAPIVolumeFile__Output } from './orca/v1/DownwardAPIVolumeFile.js';
import type { DownwardAPIVolumeSource as _orca_v1_DownwardAPIVolumeSource, DownwardAPIVolumeSource__Output as _orca_v1_DownwardAPIVolumeSource__Output } from './orca/v1/DownwardAPIVolumeSource.js';
import type { EmptyDirVolumeSource as _orca_v1_EmptyDirVolumeSource, EmptyDirVolumeSource__Output as _orca_v1_EmptyDirVolumeSource__Output } from './orca/v1/EmptyDirVolumeSource.js';
import type { EndpointAddress as _orca_v1_EndpointAddress, EndpointAddress__Output as _orca_v1_EndpointAddress__Output } from './orca/v1/EndpointAddress.js';
import type { EndpointPort as _orca_v1_EndpointPort, EndpointPort__Output as _orca_v1_EndpointPort__Output } from './orca/v1/EndpointPort.js';
import type { EndpointSubset as _orca_v1_EndpointSubset, EndpointSubset__Output as _orca_v1_EndpointSubset__Output } from './orca/v1/EndpointSubset.js';
import type { Endpoints as _orca_v1_Endpoints, Endpoints__Output as _orca_v1_Endpoints__Output } from './orca/v1/Endpoints.js';
import type { EnvFromSource as _orca_v1_EnvFromSource, EnvFromSource__Output as _orca_v1_EnvFromSource__Output } from './orca/v1/EnvFromSource.js';
import type { EnvVar as _orca_v1_EnvVar, EnvVar__Output as _orca_v1_EnvVar__Output } from './orca/v1/EnvVar.js';
import type { EnvVarSource as _orca_v1_EnvVarSource, EnvVarSource__Output as _orca_v1_EnvVarSource__Output } from './orca/v1/EnvVarSource.js';
import type { Event as _orca_v1_Event, Event__Output as _orca_v1_Event__Output } from './orca/v1/Event.js';
import type { EventSource as _orca_v1_EventSource, EventSource__Output as _orca_v1_EventSource__Output } from './orca/v1/EventSource.js';
import type { ExecAction as _orca_v1_ExecAction, ExecAction__Output as _orca_v1_ExecAction__Output } from './orca/v1/ExecAction.js';
import type { GRPCAction as _orca_v1_GRPCAction, GRPCAction__Output as _orca_v1_GRPCAction__Output } from './orca/v1/GRPCAction.js';
import type { HTTPGetAction as _orca_v1_HTTPGetAction, HTTPGetAction__Output as _orca_v1_HTTPGetAction__Output } from './orca/v1/HTTPGetAction.js';
import type { HTTPHeader as _orca_v1_HTTPHeader, HTTPHeader__Output as _orca_v1_HTTPHeader__Output } from './orca/v1/HTTPHeader.js';
import type { HostAlias as _orca_v1_HostAlias, HostAlias__Output as _orca_v1_HostAlias__Output } from './orca/v1/HostAlias.js';
import type { HostIP as _orca_v1_HostIP, HostIP__Output as _orca_v1_HostIP__Output } from './orca/v1/HostIP.js';
import type { HostPathVolumeSource as _orca_v1_HostPathVolumeSource, HostPathVolumeSource__Output as _orca_v1_HostPathVolumeSource__Output } from './orca/v1/HostPathVolumeSource.js';
import type { IntOrString as _orca_v1_IntOrString, IntOrString__Output as _orca_v1_IntOrString__Output } from './orca/v1/IntOrString.js';
import type { KeyToPath as _orca_v1_KeyToPath, KeyToPath__Output as _orca_v1_KeyToPath__Output } from './orca/v1/KeyToPath.js';
import type { LabelSelector as _orca_v1_LabelSelector, LabelSelector__Output as _orca_v1_LabelSelector__Output } from './orca/v1/LabelSelector.js';
import type { LabelSelectorRequirement as _orca_v1_LabelSelectorRequirement, LabelSelectorRequirement__Output as _orca_v1_LabelSelectorRequirement__Output } from './orca/v1/LabelSelectorRequirement.js';
import type { Lifecycle as _orca_v1_Lifecycle, Lifecycle__Output as _orca_v1_Lifecycle__Output } from './orca/v1/Lifecycle.js';
import type { LifecycleHandler as _orca_v1_LifecycleHandler, LifecycleHandler__Output as _orca_v1_LifecycleHandler__Output } from './orca/v1/LifecycleHandler.js';
import type { ListMeta as _orca_v1_ListMeta, ListMeta__Output as _orca_v1_ListMeta__Output } from './orca/v1/ListMeta.js';
import type { LoadBalancerIngress as _orca_v1_LoadBalancerIngress, LoadBalancerIngress__Output as _orca_v1_LoadBalancerIngress__Output } from './orca/v1/LoadBalancerIngress.js';
import type { LoadBalancerStatus as _orca_v1_LoadBalancerStatus, LoadBalancerStatus__Output as _orca_v1_LoadBalancerStatus__Output } from './orca/v1/LoadBalancerStatus.js';
import type { LocalObjectReference as _orca_v1_LocalObjectReference, LocalObjectReference__Output as _orca_v1_LocalObjectReference__Output } from './orca/v1/LocalObjectReference.js';
import type { LocalVolumeSource as _orca_v1_LocalVolumeSource, LocalVolumeSource__Output as _orca_v1_LocalVolumeSource__Output } from './orca/v1/LocalVolumeSource.js';
import type { ManagedFieldsEntry as _orca_v1_ManagedFieldsEntry, ManagedFieldsEntry__Output as _orca_v1_ManagedFieldsEntry__Output } from './orca/v1/ManagedFieldsEntry.js';
import type { Namespace as _orca_v1_Namespace, Namespace__Output as _orca_v1_Namespace__Output } from './orca/v1/Namespace.js';
import type { NamespaceSpec as _orca_v1_NamespaceSpec, NamespaceSpec__Output as _orca_v1_NamespaceSpec__Output } from './orca/v1/NamespaceSpec.js';
import type { NamespaceStatus as _orca_v1_NamespaceStatus, NamespaceStatus__Output as _orca_v1_NamespaceStatus__Output } from './orca/v1/NamespaceStatus.js';
import type { Node as _orca_v1_Node, Node__Output as _orca_v1_Node__Output } from './orca/v1/Node.js';
import type { NodeAddress as _orca_v1_NodeAddress, NodeAddress__Output as _orca_v1_NodeAddress__Output } from './orca/v1/NodeAddress.js';
import type { NodeAffinity as _orca_v1_NodeAffinity, NodeAffinity__Output as _orca_v1_NodeAffinity__Output } from './orca/v1/NodeAffinity.js';
import type { NodeSelector as _orca_v1_NodeSelector, NodeSelector__Output as _orca_v1_NodeSelector__Output } from './orca/v1/NodeSelector.js';
import type { NodeSelectorRequirement as _orca_v1_NodeSelectorRequirement, NodeSelectorRequirement__Output as _orca_v1_NodeSelectorRequirement__Output } from './orca/v1/NodeSelectorRequirement.js';
import type { NodeSelectorTerm as _orca_v1_NodeSelectorTerm, NodeSelectorTerm__Output as _orca_v1_NodeSelectorTerm__Output } from './orca/v1/NodeSelectorTerm.js';
import type { NodeSpec as _orca_v1_NodeSpec, NodeSpec__Output as _orca_v1_NodeSpec__Output } from './orca/v1/NodeSpec.js';
import type { NodeStatus as _orca_v1_NodeStatus, NodeStatus__Output as _orca_v1_NodeStatus__Output } from './orca/v1/NodeStatus.js';
import type { NodeSystemInfo as _orca_v1_NodeSystemInfo, NodeSystemInfo__Output as _orca_v1_NodeSystemInfo__Output } from './orca/v1/NodeSystemInfo.js';
import type { ObjectFieldSelector as _orca_v1_ObjectFieldSelector, ObjectFieldSelector__Output as _orca_v1_ObjectFieldSelector__Output } from './orca/v1/ObjectFieldSelector.js';
import type { ObjectMeta as _orca_v1_ObjectMeta, ObjectMeta__Output as _orca_v1_ObjectMeta__Output } from './orca/v1/ObjectMeta.js';
import type { ObjectReference as _orca_v1_ObjectReference, ObjectReference__Output as _orca_v1_ObjectReference__Output } from './orca/v1/ObjectReference.js';
import type { OwnerReference as _orca_v1_OwnerReference, OwnerReference__Output as _orca_v1_OwnerReference__Output } from './orca/v1/OwnerReference.js';
import type { PersistentVolume as _orca_v1_PersistentVolume, PersistentVolume__Output as _orca_v1_PersistentVolume__Output } from './orca/v1/PersistentVolume.js';
import type { PersistentVolumeClaim as _orca_v1_PersistentVolumeClaim, PersistentVolumeClaim__Output as _orca_v1_PersistentVolumeClaim__Output } from './orca/v1/PersistentVolumeClaim.js';
import type { PersistentVolumeClaimSpec as _orca_v1_PersistentVolumeClaimSpec, PersistentVolumeClaimSpec__Output as _orca_v1_PersistentVolumeClaimSpec__Output } from './orca/v1/PersistentVolumeClaimSpec.js';
import type { PersistentVolumeClaimStatus as _orca_v1_PersistentVolumeClaimStatus, PersistentVolumeClaimStatus__Output as _orca_v1_PersistentVolumeClaimStatus__Output } from './orca/v1/PersistentVolumeClaimStatus.js';
import type { PersistentVolumeClaimVolumeSource as _orca_v1_PersistentVolumeClaimVolumeSource, PersistentVolumeClaimVolumeSource__Output as _orca_v1_PersistentVolumeClaimVolumeSource__Output } from './orca/v1/PersistentVolumeClaimVolumeSource.js';
import type { PersistentVolumeSpec as _orca_v1_PersistentVolumeSpec, PersistentVolumeSpec__Output as _orca_v1_PersistentVolumeSpec__Output } from './orca/v1/PersistentVolumeSpec.js';
import type { PersistentVolumeStatus as _orca_v1_PersistentVolumeStatus, PersistentVolumeStatus__Output as _orca_v1_PersistentVolumeStatus__Output } from './orca/v1/PersistentVolumeStatus.js';
import type { Pod as _orca_v1_Pod, Pod__Output as _orca_v1_Pod__Output } from './orca/v1/Pod.js';
import type { PodAffinity as _orca_v1_PodAffinity, PodAffinity__Output as _orca_v1_PodAffinity__Output } from './orca/v1/PodAffinity.js';
import type { PodAffinityTerm as _orca_v1_PodAffinityTerm, PodAffinityTerm__Output as _orca_v1_PodAffinityTerm__Output } from './orca/v1/PodAffinityTerm.js';
import type { PodAntiAffinity as _orca_v1_PodAntiAffinity, PodAntiAffinity__Output as _orca_v1_PodAntiAffinity__Output } from './orca/v1/PodAntiAffinity.js';
import type { PodDNSConfig as _orca_v1_PodDNSConfig, PodDNSConfig__Output as _orca_v1_PodDNSConfig__Output } from './orca/v1/PodDNSConfig.js';
import type { PodDNSConfigOption as _orca_v1_PodDNSConfigOption, PodDNSConfigOption__Output as _orca_v1_PodDNSConfigOption__Output } from './orca/v1/PodDNSConfigOption.js';
import type { PodIP as _orca_v1_PodIP, PodIP__Output as _orca_v1_PodIP__Output } from './orca/v1/PodIP.js';
import type { PodOS as _orca_v1_PodOS, PodOS__Output as _orca_v1_PodOS__Output } from './orca/v1/PodOS.js';
import type { PodReadinessGate as _orca_v1_PodReadinessGate, PodReadinessGate__Output as _orca_v1_PodReadinessGate__Output } from './orca/v1/PodReadinessGate.js';
import type { PodSecurityContext as _orca_v1_PodSecurityContext, PodSecurityContext__Output as _orca_v1_PodSecurityContext__Output } from './orca/v1/PodSecurityContext.js';
import type { PodSpec as _orca_v1_PodSpec, PodSpec__Output as _orca_v1_PodSpec__Output } from './orca/v1/PodSpec.js';
import type { PodStatus as _orca_v1_PodStatus, PodStatus__Output as _orca_v1_PodStatus__Output } from './orca/v1/PodStatus.js';
import type { PodTemplateSpec as _orca_v1_PodTemplateSpec, PodTemplateSpec__Output as _orca_v1_PodTemplateSpec__Output } from './orca/v1/PodTemplateSpec.js';
import type { PreferredSchedulingTerm as _orca_v1_PreferredSchedulingTerm, PreferredSchedulingTerm__Output as _orca_v1_PreferredSchedulingTerm__Output } from './orca/v1/PreferredSchedulingTerm.js';
import type { Probe as _orca_v1_Probe, Probe__Output as _orca_v1_Probe__Output } from './orca/v1/Probe.js';
import type { ReplicaSet as _orca_v1_ReplicaSet, ReplicaSet__Output as _orca_v1_ReplicaSet__Output } from './orca/v1/ReplicaSet.js';
import type { ReplicaSetSpec as _orca_v1_ReplicaSetSpec, ReplicaSetSpec__Output as _orca_v1_ReplicaSetSpec__Output } from './orca/v1/ReplicaSetSpec.js';
import type { ReplicaSetStatus as _orca_v1_ReplicaSetStatus, ReplicaSetStatus__Output as _orca_v1_ReplicaSetStatus__Output } from './orca/v1/ReplicaSetStatus.js';
import type { ResourceFieldSelector as _orca_v1_ResourceFieldSelector, ResourceFieldSelector__Output as _orca_v1_ResourceFieldSelector__Output } from './orca/v1/ResourceFieldSelector.js';
import type { ResourceRequirements as _orca_v1_ResourceRequirements, ResourceRequirements__Output as _orca_v1_ResourceRequirements__Output } from './orca/v1/ResourceRequirements.js';
import type { RollingUpdateDaemonSet as _orca_v1_RollingUpdateDaemonSet, RollingUpdateDaemonSet__Output as _orca_v1_RollingUpdateDaemonSet__Output } from './orca/v1/RollingUpdateDaemonSet.js';
import type { RollingUpdateDeployment as _orca_v1_RollingUpdateDeployment, RollingUpdateDeployment__Output as _orca_v1_RollingUpdateDeployment__Output } from './orca/v1/RollingUpdateDeployment.js';
import type { RollingUpdateStatefulSetStrategy as _orca_v1_RollingUpdateStatefulSetStrategy, RollingUpdateStatefulSetStrategy__Output as _orca_v1_RollingUpdateStatefulSetStrategy__Output } from './orca/v1/RollingUpdateStatefulSetStrategy.js';
import type { SeccompProfile as _orca_v1_SeccompProfile, SeccompProfile__Output as _orca_v1_SeccompProfile__Output } from './orca/v1/SeccompProfile.js';
import type { Secret as _orca_v1_Secret, Secret__Output as _orca_v1_Secret__Output } from './orca/v1/Secret.js';
import type { SecretEnvSource as _orca_v1_SecretEnvSource, SecretEnvSource__Output as _orca_v1_SecretEnvSource__Output } from './orca/v1/SecretEnvSource.js';
import type { SecretKeySelector as _orca_v1_SecretKeySelector, SecretKeySelector__Output as _orca_v1_SecretKeySelector__Output } from './orca/v1/SecretKeySelector.js';
import type { SecretVolumeSource as _orca_v1_SecretVolumeSource, SecretVolumeSource__Output as _orca_v1_SecretVolumeSource__Output } from './orca/v1/SecretVolumeSource.js';
import type { SecurityContext as _orca_v1_SecurityContext, SecurityContext__Output as _orca_v1_SecurityContext__Output } from './orca/v1/SecurityContext.js';
import type { Service as _orca_v1_Service, Service__Output as _orca_v1_Service__Output } from './orca/v1/Service.js';
import type { ServiceAccount as _orca_v1_ServiceAccount, ServiceAccount__Output as _orca_v1_ServiceAccount__Output } from './orca/v1/ServiceAccount.js';
import type { ServicePort as _orca_v1_ServicePort, ServicePort__Output as _orca_v1_ServicePort__Output } from './orca/v1/ServicePort.js';
import type { ServiceSpec as _orca_v1_ServiceSpec, ServiceSpec__Output as _orca_v1_ServiceSpec__Output } from './orca/v1/ServiceSpec.js';
import type { ServiceStatus as _orca_v1_ServiceStatus, ServiceStatus__Output as _orca_v1_ServiceStatus__Output } from './orca/v1/ServiceStatus.js';
import type { SessionAffinityConfig as _orca_v1_SessionAffinityConfig, SessionAffinityConfig__Output as _orca_v1_SessionAffinityConfig__Output } from './orca/v1/SessionAffinityConfig.js';
import type { SleepAction as _orca_v1_SleepAction, SleepAction__Output as _orca_v1_SleepAction__Output } from './orca/v1/SleepAction.js';
import type { StatefulSet as _orca_v1_StatefulSet, StatefulSet__Output as _orca_v1_StatefulSet__Output } from './orca/v1/StatefulSet.js';
import type { StatefulSetPersistentVolumeClaimRetentionPolicy as _orca_v1_StatefulSetPersistentVolumeClaimRetentionPolicy, StatefulSetPersistentVolumeClaimRetentionPolicy__Output as _orca_v1_StatefulSetPersistentVolumeClaimRetentionPolicy__Output } from './orca/v1/StatefulSetPersistentVolumeClaimRetentionPolicy.js';
import type { StatefulSetSpec as _orca_v1_StatefulSetSpec, StatefulSetSpec__Output as _orca_v1_StatefulSetSpec__Output } from './orca/v1/StatefulSetSpec.js';
import type { StatefulSetStatus as _orca_v1_StatefulSetStatus, StatefulSetStatus__Output as _orca_v1_StatefulSetStatus__Output } from './orca/v1/StatefulSetStatus.js';
import type { StatefulSetUpdateStrategy as _orca_v1_StatefulSetUpdateStrategy, StatefulSetUpdateStrategy__Output as _orca_v1_StatefulSetUpdateStrategy__Output } from './orca/v1/StatefulSetUpdateStrategy.js';
import type { TCPSocketAction as _orca_v1_TCPSocketAction, TCPSocketAction__Output as _orca_v1_TCPSocketAction__Output } from './orca/v1/TCPSocketAction.js';
import type { Taint as _orca_v1_Taint, Taint__Output as _orca_v1_Taint__Output } from './orca/v1/Taint.js';
import type { Toleration as _orca_v1_Toleration, Toleration__Output as _orca_v1_Toleration__Output } from './orca/v1/Toleration.js';
import type { TopologySpreadConstraint as _orca_v1_TopologySpreadConstraint, TopologySpreadConstraint__Output as _orca_v1_TopologySpreadConstraint__Output } from './orca/v1/TopologySpreadConstraint.js';
import type { Volume as _orca_v1_Volume, Volume__Output as _orca_v1_Volume__Output } from './orca/v1/Volume.js';
import type { VolumeMount as _orca_v1_VolumeMount, VolumeMount__Output as _orca_v1_VolumeMount__Output } from './orca/v1/VolumeMount.js';
import type { VolumeMountStatus as _orca_v1_VolumeMountStatus, VolumeMountStatus__Output as _orca_v1_VolumeMountStatus__Output } from './orca/v1/VolumeMountStatus.js';
import type { VolumeNodeAffinity as _orca_v1_VolumeNodeAffinity, VolumeNodeAffinity__Output as _orca_v1_VolumeNodeAffinity__Output } from './orca/v1/VolumeNodeAffinity.js';
import type { VolumeResourceRequirements as _orca_v1_VolumeResourceRequirements, VolumeResourceRequirements__Output as _orca_v1_VolumeResourceRequirements__Output } from './orca/v1/VolumeResourceRequirements.js';
import type { WeightedPodAffinityTerm as _orca_v1_WeightedPodAffinityTerm, WeightedPodAffinityTerm__Output as _orca_v1_WeightedPodAffinityTerm__Output } from './orca/v1/WeightedPodAffinityTerm.js';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  orca: {
    v1: {
      Affinity: MessageTypeDefinition<_orca_v1_Affinity, _orca_v1_Affinity__Output>
      Capabilities: MessageTypeDefinition<_orca_v1_Capabilities, _orca_v1_Capabilities__Output>
      ClientIPConfig: MessageTypeDefinition<_orca_v1_ClientIPConfig, _orca_v1_ClientIPConfig__Output>
      Condition: MessageTypeDefinition<_orca_v1_Condition, _orca_v1_Condition__Output>
      ConfigMap: MessageTypeDefinition<_orca_v1_ConfigMap, _orca_v1_ConfigMap__Output>
      ConfigMapEnvSource: MessageTypeDefinition<_orca_v1_ConfigMapEnvSource, _orca_v1_ConfigMapEnvSource__Output>
      ConfigMapKeySelector: MessageTypeDefinition<_orca_v1_ConfigMapKeySelector, _orca_v1_ConfigMapKeySelector__Output>
      ConfigMapVolumeSource: MessageTypeDefinition<_orca_v1_ConfigMapVolumeSource, _orca_v1_ConfigMapVolumeSource__Output>
      Container: MessageTypeDefinition<_orca_v1_Container, _orca_v1_Container__Output>
      ContainerPort: MessageTypeDefinition<_orca_v1_ContainerPort, _orca_v1_ContainerPort__Output>
      ContainerState: MessageTypeDefinition<_orca_v1_ContainerState, _orca_v1_ContainerState__Output>
      ContainerStateRunning: MessageTypeDefinition<_orca_v1_ContainerStateRunning, _orca_v1_ContainerStateRunning__Output>
      ContainerStateTerminated: MessageTypeDefinition<_orca_v1_ContainerStateTerminated, _orca_v1_ContainerStateTerminated__Output>
      ContainerStateWaiting: MessageTypeDefinition<_orca_v1_ContainerStateWaiting, _orca_v1_ContainerStateWaiting__Output>
      ContainerStatus: MessageTypeDefinition<_orca_v1_ContainerStatus, _orca_v1_ContainerStatus__Output>
      DaemonSet: MessageTypeDefinition<_orca_v1_DaemonSet, _orca_v1_DaemonSet__Output>
      DaemonSetSpec: MessageTypeDefinition<_orca_v1_DaemonSetSpec, _orca_v1_DaemonSetSpec__Output>
      DaemonSetStatus: MessageTypeDefinition<_orca_v1_DaemonSetStatus, _orca_v1_DaemonSetStatus__Output>
      DaemonSetUpdateStrategy: MessageTypeDefinition<_orca_v1_DaemonSetUpdateStrategy, _orca_v1_DaemonSetUpdateStrategy__Output>
      Deployment: MessageTypeDefinition<_orca_v1_Deployment, _orca_v1_Deployment__Output>
      DeploymentSpec: MessageTypeDefinition<_orca_v1_DeploymentSpec, _orca_v1_DeploymentSpec__Output>
      DeploymentStatus: MessageTypeDefinition<_orca_v1_DeploymentStatus, _orca_v1_DeploymentStatus__Output>
      DeploymentStrategy: MessageTypeDefinition<_orca_v1_DeploymentStrategy, _orca_v1_DeploymentStrategy__Output>
      DownwardAPIVolumeFile: MessageTypeDefinition<_orca_v1_DownwardAPIVolumeFile, _orca_v1_DownwardAPIVolumeFile__Output>
      DownwardAPIVolumeSource: MessageTypeDefinition<_orca_v1_DownwardAPIVolumeSource, _orca_v1_DownwardAPIVolumeSource__Output>
      EmptyDirVolumeSource: MessageTypeDefinition<_orca_v1_EmptyDirVolumeSource, _orca_v1_EmptyDirVolumeSource__Output>
      EndpointAddress: MessageTypeDefinition<_orca_v1_EndpointAddress, _orca_v1_EndpointAddress__Output>
      EndpointPort: MessageTypeDefinition<_orca_v1_EndpointPort, _orca_v1_EndpointPort__Output>
      EndpointSubset: MessageTypeDefinition<_orca_v1_EndpointSubset, _orca_v1_EndpointSubset__Output>
      Endpoints: MessageTypeDefinition<_orca_v1_Endpoints, _orca_v1_Endpoints__Output>
      EnvFromSource: MessageTypeDefinition<_orca_v1_EnvFromSource, _orca_v1_EnvFromSource__Output>
      EnvVar: MessageTypeDefinition<_orca_v1_EnvVar, _orca_v1_EnvVar__Output>
      EnvVarSource: MessageTypeDefinition<_orca_v1_EnvVarSource, _orca_v1_EnvVarSource__Output>
      Event: MessageTypeDefinition<_orca_v1_Event, _orca_v1_Event__Output>
      EventSource: MessageTypeDefinition<_orca_v1_EventSource, _orca_v1_EventSource__Output>
      ExecAction: MessageTypeDefinition<_orca_v1_ExecAction, _orca_v1_ExecAction__Output>
      GRPCAction: MessageTypeDefinition<_orca_v1_GRPCAction, _orca_v1_GRPCAction__Output>
      HTTPGetAction: MessageTypeDefinition<_orca_v1_HTTPGetAction, _orca_v1_HTTPGetAction__Output>
      HTTPHeader: MessageTypeDefinition<_orca_v1_HTTPHeader, _orca_v1_HTTPHeader__Output>
      HostAlias: MessageTypeDefinition<_orca_v1_HostAlias, _orca_v1_HostAlias__Output>
      HostIP: MessageTypeDefinition<_orca_v1_HostIP, _orca_v1_HostIP__Output>
      HostPathVolumeSource: MessageTypeDefinition<_orca_v1_HostPathVolumeSource, _orca_v1_HostPathVolumeSource__Output>
      IntOrString: MessageTypeDefinition<_orca_v1_IntOrString, _orca_v1_IntOrString__Output>
      KeyToPath: MessageTypeDefinition<_orca_v1_KeyToPath, _orca_v1_KeyToPath__Output>
      LabelSelector: MessageTypeDefinition<_orca_v1_LabelSelector, _orca_v1_LabelSelector__Output>
      LabelSelectorRequirement: MessageTypeDefinition<_orca_v1_LabelSelectorRequirement, _orca_v1_LabelSelectorRequirement__Output>
      Lifecycle: MessageTypeDefinition<_orca_v1_Lifecycle, _orca_v1_Lifecycle__Output>
      LifecycleHandler: MessageTypeDefinition<_orca_v1_LifecycleHandler, _orca_v1_LifecycleHandler__Output>
      ListMeta: MessageTypeDefinition<_orca_v1_ListMeta, _orca_v1_ListMeta__Output>
      LoadBalancerIngress: MessageTypeDefinition<_orca_v1_LoadBalancerIngress, _orca_v1_LoadBalancerIngress__Output>
      LoadBalancerStatus: MessageTypeDefinition<_orca_v1_LoadBalancerStatus, _orca_v1_LoadBalancerStatus__Output>
      LocalObjectReference: MessageTypeDefinition<_orca_v1_LocalObjectReference, _orca_v1_LocalObjectReference__Output>
      LocalVolumeSource: MessageTypeDefinition<_orca_v1_LocalVolumeSource, _orca_v1_LocalVolumeSource__Output>
      ManagedFieldsEntry: MessageTypeDefinition<_orca_v1_ManagedFieldsEntry, _orca_v1_ManagedFieldsEntry__Output>
      Namespace: MessageTypeDefinition<_orca_v1_Namespace, _orca_v1_Namespace__Output>
      NamespaceSpec: MessageTypeDefinition<_orca_v1_NamespaceSpec, _orca_v1_NamespaceSpec__Output>
      NamespaceStatus: MessageTypeDefinition<_orca_v1_NamespaceStatus, _orca_v1_NamespaceStatus__Output>
      Node: MessageTypeDefinition<_orca_v1_Node, _orca_v1_Node__Output>
      NodeAddress: MessageTypeDefinition<_orca_v1_NodeAddress, _orca_v1_NodeAddress__Output>
      NodeAffinity: MessageTypeDefinition<_orca_v1_NodeAffinity, _orca_v1_NodeAffinity__Output>
      NodeSelector: MessageTypeDefinition<_orca_v1_NodeSelector, _orca_v1_NodeSelector__Output>
      NodeSelectorRequirement: MessageTypeDefinition<_orca_v1_NodeSelectorRequirement, _orca_v1_NodeSelectorRequirement__Output>
      NodeSelectorTerm: MessageTypeDefinition<_orca_v1_NodeSelectorTerm, _orca_v1_NodeSelectorTerm__Output>
      NodeSpec: MessageTypeDefinition<_orca_v1_NodeSpec, _orca_v1_NodeSpec__Output>
      NodeStatus: MessageTypeDefinition<_orca_v1_NodeStatus, _orca_v1_NodeStatus__Output>
      NodeSystemInfo: MessageTypeDefinition<_orca_v1_NodeSystemInfo, _orca_v1_NodeSystemInfo__Output>
      ObjectFieldSelector: MessageTypeDefinition<_orca_v1_ObjectFieldSelector, _orca_v1_ObjectFieldSelector__Output>
      ObjectMeta: MessageTypeDefinition<_orca_v1_ObjectMeta, _orca_v1_ObjectMeta__Output>
      ObjectReference: MessageTypeDefinition<_orca_v1_ObjectReference, _orca_v1_ObjectReference__Output>
      OwnerReference: MessageTypeDefinition<_orca_v1_OwnerReference, _orca_v1_OwnerReference__Output>
      PersistentVolume: MessageTypeDefinition<_orca_v1_PersistentVolume, _orca_v1_PersistentVolume__Output>
      PersistentVolumeClaim: MessageTypeDefinition<_orca_v1_PersistentVolumeClaim, _orca_v1_PersistentVolumeClaim__Output>
      PersistentVolumeClaimSpec: MessageTypeDefinition<_orca_v1_PersistentVolumeClaimSpec, _orca_v1_PersistentVolumeClaimSpec__Output>
      PersistentVolumeClaimStatus: MessageTypeDefinition<_orca_v1_PersistentVolumeClaimStatus, _orca_v1_PersistentVolumeClaimStatus__Output>
      PersistentVolumeClaimVolumeSource: MessageTypeDefinition<_orca_v1_PersistentVolumeClaimVolumeSource, _orca_v1_PersistentVolumeClaimVolumeSource__Output>
      PersistentVolumeSpec: MessageTypeDefinition<_orca_v1_PersistentVolumeSpec, _orca_v1_PersistentVolumeSpec__Output>
      PersistentVolumeStatus: MessageTypeDefinition<_orca_v1_PersistentVolumeStatus, _orca_v1_PersistentVolumeStatus__Output>
      Pod: MessageTypeDefinition<_orca_v1_Pod, _orca_v1_Pod__Output>
      PodAffinity: MessageTypeDefinition<_orca_v1_PodAffinity, _orca_v1_PodAffinity__Output>
      PodAffinityTerm: MessageTypeDefinition<_orca_v1_PodAffinityTerm, _orca_v1_PodAffinityTerm__Output>
      PodAntiAffinity: MessageTypeDefinition<_orca_v1_PodAntiAffinity, _orca_v1_PodAntiAffinity__Output>
      PodDNSConfig: MessageTypeDefinition<_orca_v1_PodDNSConfig, _orca_v1_PodDNSConfig__Output>
      PodDNSConfigOption: MessageTypeDefinition<_orca_v1_PodDNSConfigOption, _orca_v1_PodDNSConfigOption__Output>
      PodIP: MessageTypeDefinition<_orca_v1_PodIP, _orca_v1_PodIP__Output>
      PodOS: MessageTypeDefinition<_orca_v1_PodOS, _orca_v1_PodOS__Output>
      PodReadinessGate: MessageTypeDefinition<_orca_v1_PodReadinessGate, _orca_v1_PodReadinessGate__Output>
      PodSecurityContext: MessageTypeDefinition<_orca_v1_PodSecurityContext, _orca_v1_PodSecurityContext__Output>
      PodSpec: MessageTypeDefinition<_orca_v1_PodSpec, _orca_v1_PodSpec__Output>
      PodStatus: MessageTypeDefinition<_orca_v1_PodStatus, _orca_v1_PodStatus__Output>
      PodTemplateSpec: MessageTypeDefinition<_orca_v1_PodTemplateSpec, _orca_v1_PodTemplateSpec__Output>
      PreferredSchedulingTerm: MessageTypeDefinition<_orca_v1_PreferredSchedulingTerm, _orca_v1_PreferredSchedulingTerm__Output>
      Probe: MessageTypeDefinition<_orca_v1_Probe, _orca_v1_Probe__Output>
      ReplicaSet: MessageTypeDefinition<_orca_v1_ReplicaSet, _orca_v1_ReplicaSet__Output>
      ReplicaSetSpec: MessageTypeDefinition<_orca_v1_ReplicaSetSpec, _orca_v1_ReplicaSetSpec__Output>
      ReplicaSetStatus: MessageTypeDefinition<_orca_v1_ReplicaSetStatus, _orca_v1_ReplicaSetStatus__Output>
      ResourceFieldSelector: MessageTypeDefinition<_orca_v1_ResourceFieldSelector, _orca_v1_ResourceFieldSelector__Output>
      ResourceRequirements: MessageTypeDefinition<_orca_v1_ResourceRequirements, _orca_v1_ResourceRequirements__Output>
      RollingUpdateDaemonSet: MessageTypeDefinition<_orca_v1_RollingUpdateDaemonSet, _orca_v1_RollingUpdateDaemonSet__Output>
      RollingUpdateDeployment: MessageTypeDefinition<_orca_v1_RollingUpdateDeployment, _orca_v1_RollingUpdateDeployment__Output>
      RollingUpdateStatefulSetStrategy: MessageTypeDefinition<_orca_v1_RollingUpdateStatefulSetStrategy, _orca_v1_RollingUpdateStatefulSetStrategy__Output>
      SeccompProfile: MessageTypeDefinition<_orca_v1_SeccompProfile, _orca_v1_SeccompProfile__Output>
      Secret: MessageTypeDefinition<_orca_v1_Secret, _orca_v1_Secret__Output>
      SecretEnvSource: MessageTypeDefinition<_orca_v1_SecretEnvSource, _orca_v1_SecretEnvSource__Output>
      SecretKeySelector: MessageTypeDefinition<_orca_v1_SecretKeySelector, _orca_v1_SecretKeySelector__Output>
      SecretVolumeSource: MessageTypeDefinition<_orca_v1_SecretVolumeSource, _orca_v1_SecretVolumeSource__Output>
      SecurityContext: MessageTypeDefinition<_orca_v1_SecurityContext, _orca_v1_SecurityContext__Output>
      Service: MessageTypeDefinition<_orca_v1_Service, _orca_v1_Service__Output>
      ServiceAccount: MessageTypeDefinition<_orca_v1_ServiceAccount, _orca_v1_ServiceAccount__Output>
      ServicePort: MessageTypeDefinition<_orca_v1_ServicePort, _orca_v1_ServicePort__Output>
      ServiceSpec: MessageTypeDefinition<_orca_v1_ServiceSpec, _orca_v1_ServiceSpec__Output>
      ServiceStatus: MessageTypeDefinition<_orca_v1_ServiceStatus, _orca_v1_ServiceStatus__Output>
      SessionAffinityConfig: MessageTypeDefinition<_orca_v1_SessionAffinityConfig, _orca_v1_SessionAffinityConfig__Output>
      SleepAction: MessageTypeDefinition<_orca_v1_SleepAction, _orca_v1_SleepAction__Output>
      StatefulSet: MessageTypeDefinition<_orca_v1_StatefulSet, _orca_v1_StatefulSet__Output>
      StatefulSetPersistentVolumeClaimRetentionPolicy: MessageTypeDefinition<_orca_v1_StatefulSetPersistentVolumeClaimRetentionPolicy, _orca_v1_StatefulSetPersistentVolumeClaimRetentionPolicy__Output>
      StatefulSetSpec: MessageTypeDefinition<_orca_v1_StatefulSetSpec, _orca_v1_StatefulSetSpec__Output>
      StatefulSetStatus: MessageTypeDefinition<_orca_v1_StatefulSetStatus, _orca_v1_StatefulSetStatus__Output>
      StatefulSetUpdateStrategy: MessageTypeDefinition<_orca_v1_StatefulSetUpdateStrategy, _orca_v1_StatefulSetUpdateStrategy__Output>
      TCPSocketAction: MessageTypeDefinition<_orca_v1_TCPSocketAction, _orca_v1_TCPSocketAction__Output>
      Taint: MessageTypeDefinition<_orca_v1_Taint, _orca_v1_Taint__Output>
      Toleration: MessageTypeDefinition<_orca_v1_Toleration, _orca_v1_Toleration__Output>
      TopologySpreadConstraint: MessageTypeDefinition<_orca_v1_TopologySpreadConstraint, _orca_v1_TopologySpreadConstraint__Output>
      Volume: MessageTypeDefinition<_orca_v1_Volume, _orca_v1_Volume__Output>
      VolumeMount: MessageTypeDefinition<_orca_v1_VolumeMount, _orca_v1_VolumeMount__Output>
      VolumeMountStatus: MessageTypeDefinition<_orca_v1_VolumeMountStatus, _orca_v1_VolumeMountStatus__Output>
      VolumeNodeAffinity: MessageTypeDefinition<_orca_v1_VolumeNodeAffinity, _orca_v1_VolumeNodeAffinity__Output>
      VolumeResourceRequirements: MessageTypeDefinition<_orca_v1_VolumeResourceRequirements, _orca_v1_VolumeResourceRequirements__Output>
      WeightedPodAffinityTerm: MessageTypeDefinition<_orca_v1_WeightedPodAffinityTerm, _orca_v1_WeightedPodAffinityTerm__Output>
    }
  }
}

