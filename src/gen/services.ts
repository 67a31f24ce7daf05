import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { AccessReviewRequest as _orca_v1_AccessReviewRequest, AccessReviewRequest__Output as _orca_v1_AccessReviewRequest__Output } from './orca/v1/AccessReviewRequest.js';
import type { AccessReviewResponse as _orca_v1_AccessReviewResponse, AccessReviewResponse__Output as _orca_v1_AccessReviewResponse__Output } from './orca/v1/AccessReviewResponse.js';
import type { AddMasterRequest as _orca_v1_AddMasterRequest, AddMasterRequest__Output as _orca_v1_AddMasterRequest__Output } from './orca/v1/AddMasterRequest.js';
import type { AddMasterResponse as _orca_v1_AddMasterResponse, AddMasterResponse__Output as _orca_v1_AddMasterResponse__Output } from './orca/v1/AddMasterResponse.js';
import type { Affinity as _orca_v1_Affinity, Affinity__Output as _orca_v1_Affinity__Output } from './orca/v1/Affinity.js';
import type { Capabilities as _orca_v1_Capabilities, Capabilities__Output as _orca_v1_Capabilities__Output } from './orca/v1/Capabilities.js';
import type { CheckOperation as _orca_v1_CheckOperation, CheckOperation__Output as _orca_v1_CheckOperation__Output } from './orca/v1/CheckOperation.js';
import type { ClientIPConfig as _orca_v1_ClientIPConfig, ClientIPConfig__Output as _orca_v1_ClientIPConfig__Output } from './orca/v1/ClientIPConfig.js';
import type { ClusterRole as _orca_v1_ClusterRole, ClusterRole__Output as _orca_v1_ClusterRole__Output } from './orca/v1/ClusterRole.js';
import type { ClusterRoleBinding as _orca_v1_ClusterRoleBinding, ClusterRoleBinding__Output as _orca_v1_ClusterRoleBinding__Output } from './orca/v1/ClusterRoleBinding.js';
import type { ClusterServiceClient as _orca_v1_ClusterServiceClient, ClusterServiceDefinition as _orca_v1_ClusterServiceDefinition } from './orca/v1/ClusterService.js';
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
import type { CreateRequest as _orca_v1_CreateRequest, CreateRequest__Output as _orca_v1_CreateRequest__Output } from './orca/v1/CreateRequest.js';
import type { CronJob as _orca_v1_CronJob, CronJob__Output as _orca_v1_CronJob__Output } from './orca/v1/CronJob.js';
import type { CronJobSpec as _orca_v1_CronJobSpec, CronJobSpec__Output as _orca_v1_CronJobSpec__Output } from './orca/v1/CronJobSpec.js';
import type { CronJobStatus as _orca_v1_CronJobStatus, CronJobStatus__Output as _orca_v1_CronJobStatus__Output } from './orca/v1/CronJobStatus.js';
import type { DaemonSet as _orca_v1_DaemonSet, DaemonSet__Output as _orca_v1_DaemonSet__Output } from './orca/v1/DaemonSet.js';
import type { DaemonSetSpec as _orca_v1_DaemonSetSpec, DaemonSetSpec__Output as _orca_v1_DaemonSetSpec__Output } from './orca/v1/DaemonSetSpec.js';
import type { DaemonSetStatus as _orca_v1_DaemonSetStatus, DaemonSetStatus__Output as _orca_v1_DaemonSetStatus__Output } from './orca/v1/DaemonSetStatus.js';
import type { DaemonSetUpdateStrategy as _orca_v1_DaemonSetUpdateStrategy, DaemonSetUpdateStrategy__Output as _orca_v1_DaemonSetUpdateStrategy__Output } from './orca/v1/DaemonSetUpdateStrategy.js';
import type { DeleteRequest as _orca_v1_DeleteRequest, DeleteRequest__Output as _orca_v1_DeleteRequest__Output } from './orca/v1/DeleteRequest.js';
import type { DeleteResponse as _orca_v1_DeleteResponse, DeleteResponse__Output as _orca_v1_DeleteResponse__Output } from './orca/v1/DeleteResponse.js';
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
import type { ExecOutput as _orca_v1_ExecOutput, ExecOutput__Output as _orca_v1_ExecOutput__Output } from './orca/v1/ExecOutput.js';
import type { ExecRequest as _orca_v1_ExecRequest, ExecRequest__Output as _orca_v1_ExecRequest__Output } from './orca/v1/ExecRequest.js';
import type { GRPCAction as _orca_v1_GRPCAction, GRPCAction__Output as _orca_v1_GRPCAction__Output } from './orca/v1/GRPCAction.js';
import type { GetRequest as _orca_v1_GetRequest, GetRequest__Output as _orca_v1_GetRequest__Output } from './orca/v1/GetRequest.js';
import type { HTTPGetAction as _orca_v1_HTTPGetAction, HTTPGetAction__Output as _orca_v1_HTTPGetAction__Output } from './orca/v1/HTTPGetAction.js';
import type { HTTPHeader as _orca_v1_HTTPHeader, HTTPHeader__Output as _orca_v1_HTTPHeader__Output } from './orca/v1/HTTPHeader.js';
import type { HTTPIngressPath as _orca_v1_HTTPIngressPath, HTTPIngressPath__Output as _orca_v1_HTTPIngressPath__Output } from './orca/v1/HTTPIngressPath.js';
import type { HTTPIngressRuleValue as _orca_v1_HTTPIngressRuleValue, HTTPIngressRuleValue__Output as _orca_v1_HTTPIngressRuleValue__Output } from './orca/v1/HTTPIngressRuleValue.js';
import type { HostAlias as _orca_v1_HostAlias, HostAlias__Output as _orca_v1_HostAlias__Output } from './orca/v1/HostAlias.js';
import type { HostIP as _orca_v1_HostIP, HostIP__Output as _orca_v1_HostIP__Output } from './orca/v1/HostIP.js';
import type { HostPathVolumeSource as _orca_v1_HostPathVolumeSource, HostPathVolumeSource__Output as _orca_v1_HostPathVolumeSource__Output } from './orca/v1/HostPathVolumeSource.js';
import type { Ingress as _orca_v1_Ingress, Ingress__Output as _orca_v1_Ingress__Output } from './orca/v1/Ingress.js';
import type { IngressBackend as _orca_v1_IngressBackend, IngressBackend__Output as _orca_v1_IngressBackend__Output } from './orca/v1/IngressBackend.js';
import type { IngressClass as _orca_v1_IngressClass, IngressClass__Output as _orca_v1_IngressClass__Output } from './orca/v1/IngressClass.js';
import type { IngressClassParametersReference as _orca_v1_IngressClassParametersReference, IngressClassParametersReference__Output as _orca_v1_IngressClassParametersReference__Output } from './orca/v1/IngressClassParametersReference.js';
import type { IngressClassSpec as _orca_v1_IngressClassSpec, IngressClassSpec__Output as _orca_v1_IngressClassSpec__Output } from './orca/v1/IngressClassSpec.js';
import type { IngressLoadBalancerIngress as _orca_v1_IngressLoadBalancerIngress, IngressLoadBalancerIngress__Output as _orca_v1_IngressLoadBalancerIngress__Output } from './orca/v1/IngressLoadBalancerIngress.js';
import type { IngressLoadBalancerStatus as _orca_v1_IngressLoadBalancerStatus, IngressLoadBalancerStatus__Output as _orca_v1_IngressLoadBalancerStatus__Output } from './orca/v1/IngressLoadBalancerStatus.js';
import type { IngressRule as _orca_v1_IngressRule, IngressRule__Output as _orca_v1_IngressRule__Output } from './orca/v1/IngressRule.js';
import type { IngressServiceBackend as _orca_v1_IngressServiceBackend, IngressServiceBackend__Output as _orca_v1_IngressServiceBackend__Output } from './orca/v1/IngressServiceBackend.js';
import type { IngressSpec as _orca_v1_IngressSpec, IngressSpec__Output as _orca_v1_IngressSpec__Output } from './orca/v1/IngressSpec.js';
import type { IngressStatus as _orca_v1_IngressStatus, IngressStatus__Output as _orca_v1_IngressStatus__Output } from './orca/v1/IngressStatus.js';
import type { IngressTLS as _orca_v1_IngressTLS, IngressTLS__Output as _orca_v1_IngressTLS__Output } from './orca/v1/IngressTLS.js';
import type { IntOrString as _orca_v1_IntOrString, IntOrString__Output as _orca_v1_IntOrString__Output } from './orca/v1/IntOrString.js';
import type { Job as _orca_v1_Job, Job__Output as _orca_v1_Job__Output } from './orca/v1/Job.js';
import type { JobSpec as _orca_v1_JobSpec, JobSpec__Output as _orca_v1_JobSpec__Output } from './orca/v1/JobSpec.js';
import type { JobStatus as _orca_v1_JobStatus, JobStatus__Output as _orca_v1_JobStatus__Output } from './orca/v1/JobStatus.js';
import type { JobTemplateSpec as _orca_v1_JobTemplateSpec, JobTemplateSpec__Output as _orca_v1_JobTemplateSpec__Output } from './orca/v1/JobTemplateSpec.js';
import type { JoinRequest as _orca_v1_JoinRequest, JoinRequest__Output as _orca_v1_JoinRequest__Output } from './orca/v1/JoinRequest.js';
import type { JoinResponse as _orca_v1_JoinResponse, JoinResponse__Output as _orca_v1_JoinResponse__Output } from './orca/v1/JoinResponse.js';
import type { KeyToPath as _orca_v1_KeyToPath, KeyToPath__Output as _orca_v1_KeyToPath__Output } from './orca/v1/KeyToPath.js';
import type { LabelSelector as _orca_v1_LabelSelector, LabelSelector__Output as _orca_v1_LabelSelector__Output } from './orca/v1/LabelSelector.js';
import type { LabelSelectorRequirement as _orca_v1_LabelSelectorRequirement, LabelSelectorRequirement__Output as _orca_v1_LabelSelectorRequirement__Output } from './orca/v1/LabelSelectorRequirement.js';
import type { Lease as _orca_v1_Lease, Lease__Output as _orca_v1_Lease__Output } from './orca/v1/Lease.js';
import type { LeaseSpec as _orca_v1_LeaseSpec, LeaseSpec__Output as _orca_v1_LeaseSpec__Output } from './orca/v1/LeaseSpec.js';
import type { Lifecycle as _orca_v1_Lifecycle, Lifecycle__Output as _orca_v1_Lifecycle__Output } from './orca/v1/Lifecycle.js';
import type { LifecycleHandler as _orca_v1_LifecycleHandler, LifecycleHandler__Output as _orca_v1_LifecycleHandler__Output } from './orca/v1/LifecycleHandler.js';
import type { ListMeta as _orca_v1_ListMeta, ListMeta__Output as _orca_v1_ListMeta__Output } from './orca/v1/ListMeta.js';
import type { ListRequest as _orca_v1_ListRequest, ListRequest__Output as _orca_v1_ListRequest__Output } from './orca/v1/ListRequest.js';
import type { LoadBalancerIngress as _orca_v1_LoadBalancerIngress, LoadBalancerIngress__Output as _orca_v1_LoadBalancerIngress__Output } from './orca/v1/LoadBalancerIngress.js';
import type { LoadBalancerStatus as _orca_v1_LoadBalancerStatus, LoadBalancerStatus__Output as _orca_v1_LoadBalancerStatus__Output } from './orca/v1/LoadBalancerStatus.js';
import type { LocalObjectReference as _orca_v1_LocalObjectReference, LocalObjectReference__Output as _orca_v1_LocalObjectReference__Output } from './orca/v1/LocalObjectReference.js';
import type { LocalVolumeSource as _orca_v1_LocalVolumeSource, LocalVolumeSource__Output as _orca_v1_LocalVolumeSource__Output } from './orca/v1/LocalVolumeSource.js';
import type { LogChunk as _orca_v1_LogChunk, LogChunk__Output as _orca_v1_LogChunk__Output } from './orca/v1/LogChunk.js';
import type { LogsRequest as _orca_v1_LogsRequest, LogsRequest__Output as _orca_v1_LogsRequest__Output } from './orca/v1/LogsRequest.js';
import type { ManagedFieldsEntry as _orca_v1_ManagedFieldsEntry, ManagedFieldsEntry__Output as _orca_v1_ManagedFieldsEntry__Output } from './orca/v1/ManagedFieldsEntry.js';
import type { Member as _orca_v1_Member, Member__Output as _orca_v1_Member__Output } from './orca/v1/Member.js';
import type { MembersRequest as _orca_v1_MembersRequest, MembersRequest__Output as _orca_v1_MembersRequest__Output } from './orca/v1/MembersRequest.js';
import type { MembersResponse as _orca_v1_MembersResponse, MembersResponse__Output as _orca_v1_MembersResponse__Output } from './orca/v1/MembersResponse.js';
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
import type { Object as _orca_v1_Object, Object__Output as _orca_v1_Object__Output } from './orca/v1/Object.js';
import type { ObjectFieldSelector as _orca_v1_ObjectFieldSelector, ObjectFieldSelector__Output as _orca_v1_ObjectFieldSelector__Output } from './orca/v1/ObjectFieldSelector.js';
import type { ObjectKey as _orca_v1_ObjectKey, ObjectKey__Output as _orca_v1_ObjectKey__Output } from './orca/v1/ObjectKey.js';
import type { ObjectList as _orca_v1_ObjectList, ObjectList__Output as _orca_v1_ObjectList__Output } from './orca/v1/ObjectList.js';
import type { ObjectMeta as _orca_v1_ObjectMeta, ObjectMeta__Output as _orca_v1_ObjectMeta__Output } from './orca/v1/ObjectMeta.js';
import type { ObjectReference as _orca_v1_ObjectReference, ObjectReference__Output as _orca_v1_ObjectReference__Output } from './orca/v1/ObjectReference.js';
import type { ObjectServiceClient as _orca_v1_ObjectServiceClient, ObjectServiceDefinition as _orca_v1_ObjectServiceDefinition } from './orca/v1/ObjectService.js';
import type { Operation as _orca_v1_Operation, Operation__Output as _orca_v1_Operation__Output } from './orca/v1/Operation.js';
import type { OperationResult as _orca_v1_OperationResult, OperationResult__Output as _orca_v1_OperationResult__Output } from './orca/v1/OperationResult.js';
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
import type { PodServiceClient as _orca_v1_PodServiceClient, PodServiceDefinition as _orca_v1_PodServiceDefinition } from './orca/v1/PodService.js';
import type { PodSpec as _orca_v1_PodSpec, PodSpec__Output as _orca_v1_PodSpec__Output } from './orca/v1/PodSpec.js';
import type { PodStatus as _orca_v1_PodStatus, PodStatus__Output as _orca_v1_PodStatus__Output } from './orca/v1/PodStatus.js';
import type { PodStreamCloseChannel as _orca_v1_PodStreamCloseChannel, PodStreamCloseChannel__Output as _orca_v1_PodStreamCloseChannel__Output } from './orca/v1/PodStreamCloseChannel.js';
import type { PodStreamData as _orca_v1_PodStreamData, PodStreamData__Output as _orca_v1_PodStreamData__Output } from './orca/v1/PodStreamData.js';
import type { PodStreamExit as _orca_v1_PodStreamExit, PodStreamExit__Output as _orca_v1_PodStreamExit__Output } from './orca/v1/PodStreamExit.js';
import type { PodStreamFrame as _orca_v1_PodStreamFrame, PodStreamFrame__Output as _orca_v1_PodStreamFrame__Output } from './orca/v1/PodStreamFrame.js';
import type { PodStreamOpen as _orca_v1_PodStreamOpen, PodStreamOpen__Output as _orca_v1_PodStreamOpen__Output } from './orca/v1/PodStreamOpen.js';
import type { PodStreamStarted as _orca_v1_PodStreamStarted, PodStreamStarted__Output as _orca_v1_PodStreamStarted__Output } from './orca/v1/PodStreamStarted.js';
import type { PodTemplateSpec as _orca_v1_PodTemplateSpec, PodTemplateSpec__Output as _orca_v1_PodTemplateSpec__Output } from './orca/v1/PodTemplateSpec.js';
import type { PolicyRule as _orca_v1_PolicyRule, PolicyRule__Output as _orca_v1_PolicyRule__Output } from './orca/v1/PolicyRule.js';
import type { PreferredSchedulingTerm as _orca_v1_PreferredSchedulingTerm, PreferredSchedulingTerm__Output as _orca_v1_PreferredSchedulingTerm__Output } from './orca/v1/PreferredSchedulingTerm.js';
import type { Probe as _orca_v1_Probe, Probe__Output as _orca_v1_Probe__Output } from './orca/v1/Probe.js';
import type { ReadIndexRequest as _orca_v1_ReadIndexRequest, ReadIndexRequest__Output as _orca_v1_ReadIndexRequest__Output } from './orca/v1/ReadIndexRequest.js';
import type { ReadIndexResponse as _orca_v1_ReadIndexResponse, ReadIndexResponse__Output as _orca_v1_ReadIndexResponse__Output } from './orca/v1/ReadIndexResponse.js';
import type { RemoveMasterRequest as _orca_v1_RemoveMasterRequest, RemoveMasterRequest__Output as _orca_v1_RemoveMasterRequest__Output } from './orca/v1/RemoveMasterRequest.js';
import type { RemoveMasterResponse as _orca_v1_RemoveMasterResponse, RemoveMasterResponse__Output as _orca_v1_RemoveMasterResponse__Output } from './orca/v1/RemoveMasterResponse.js';
import type { RenewCertificateRequest as _orca_v1_RenewCertificateRequest, RenewCertificateRequest__Output as _orca_v1_RenewCertificateRequest__Output } from './orca/v1/RenewCertificateRequest.js';
import type { RenewCertificateResponse as _orca_v1_RenewCertificateResponse, RenewCertificateResponse__Output as _orca_v1_RenewCertificateResponse__Output } from './orca/v1/RenewCertificateResponse.js';
import type { ReplicaSet as _orca_v1_ReplicaSet, ReplicaSet__Output as _orca_v1_ReplicaSet__Output } from './orca/v1/ReplicaSet.js';
import type { ReplicaSetSpec as _orca_v1_ReplicaSetSpec, ReplicaSetSpec__Output as _orca_v1_ReplicaSetSpec__Output } from './orca/v1/ReplicaSetSpec.js';
import type { ReplicaSetStatus as _orca_v1_ReplicaSetStatus, ReplicaSetStatus__Output as _orca_v1_ReplicaSetStatus__Output } from './orca/v1/ReplicaSetStatus.js';
import type { ResourceFieldSelector as _orca_v1_ResourceFieldSelector, ResourceFieldSelector__Output as _orca_v1_ResourceFieldSelector__Output } from './orca/v1/ResourceFieldSelector.js';
import type { ResourceRequirements as _orca_v1_ResourceRequirements, ResourceRequirements__Output as _orca_v1_ResourceRequirements__Output } from './orca/v1/ResourceRequirements.js';
import type { Role as _orca_v1_Role, Role__Output as _orca_v1_Role__Output } from './orca/v1/Role.js';
import type { RoleBinding as _orca_v1_RoleBinding, RoleBinding__Output as _orca_v1_RoleBinding__Output } from './orca/v1/RoleBinding.js';
import type { RoleRef as _orca_v1_RoleRef, RoleRef__Output as _orca_v1_RoleRef__Output } from './orca/v1/RoleRef.js';
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
import type { ServiceAccountTokenRequest as _orca_v1_ServiceAccountTokenRequest, ServiceAccountTokenRequest__Output as _orca_v1_ServiceAccountTokenRequest__Output } from './orca/v1/ServiceAccountTokenRequest.js';
import type { ServiceAccountTokenResponse as _orca_v1_ServiceAccountTokenResponse, ServiceAccountTokenResponse__Output as _orca_v1_ServiceAccountTokenResponse__Output } from './orca/v1/ServiceAccountTokenResponse.js';
import type { ServiceBackendPort as _orca_v1_ServiceBackendPort, ServiceBackendPort__Output as _orca_v1_ServiceBackendPort__Output } from './orca/v1/ServiceBackendPort.js';
import type { ServicePort as _orca_v1_ServicePort, ServicePort__Output as _orca_v1_ServicePort__Output } from './orca/v1/ServicePort.js';
import type { ServiceSpec as _orca_v1_ServiceSpec, ServiceSpec__Output as _orca_v1_ServiceSpec__Output } from './orca/v1/ServiceSpec.js';
import type { ServiceStatus as _orca_v1_ServiceStatus, ServiceStatus__Output as _orca_v1_ServiceStatus__Output } from './orca/v1/ServiceStatus.js';
import type { SessionAffinityConfig as _orca_v1_SessionAffinityConfig, SessionAffinityConfig__Output as _orca_v1_SessionAffinityConfig__Output } from './orca/v1/SessionAffinityConfig.js';
import type { SleepAction as _orca_v1_SleepAction, SleepAction__Output as _orca_v1_SleepAction__Output } from './orca/v1/SleepAction.js';
import type { SnapshotChunk as _orca_v1_SnapshotChunk, SnapshotChunk__Output as _orca_v1_SnapshotChunk__Output } from './orca/v1/SnapshotChunk.js';
import type { SnapshotRequest as _orca_v1_SnapshotRequest, SnapshotRequest__Output as _orca_v1_SnapshotRequest__Output } from './orca/v1/SnapshotRequest.js';
import type { StatefulSet as _orca_v1_StatefulSet, StatefulSet__Output as _orca_v1_StatefulSet__Output } from './orca/v1/StatefulSet.js';
import type { StatefulSetPersistentVolumeClaimRetentionPolicy as _orca_v1_StatefulSetPersistentVolumeClaimRetentionPolicy, StatefulSetPersistentVolumeClaimRetentionPolicy__Output as _orca_v1_StatefulSetPersistentVolumeClaimRetentionPolicy__Output } from './orca/v1/StatefulSetPersistentVolumeClaimRetentionPolicy.js';
import type { StatefulSetSpec as _orca_v1_StatefulSetSpec, StatefulSetSpec__Output as _orca_v1_StatefulSetSpec__Output } from './orca/v1/StatefulSetSpec.js';
import type { StatefulSetStatus as _orca_v1_StatefulSetStatus, StatefulSetStatus__Output as _orca_v1_StatefulSetStatus__Output } from './orca/v1/StatefulSetStatus.js';
import type { StatefulSetUpdateStrategy as _orca_v1_StatefulSetUpdateStrategy, StatefulSetUpdateStrategy__Output as _orca_v1_StatefulSetUpdateStrategy__Output } from './orca/v1/StatefulSetUpdateStrategy.js';
import type { Subject as _orca_v1_Subject, Subject__Output as _orca_v1_Subject__Output } from './orca/v1/Subject.js';
import type { TCPSocketAction as _orca_v1_TCPSocketAction, TCPSocketAction__Output as _orca_v1_TCPSocketAction__Output } from './orca/v1/TCPSocketAction.js';
import type { Taint as _orca_v1_Taint, Taint__Output as _orca_v1_Taint__Output } from './orca/v1/Taint.js';
import type { TerminalSize as _orca_v1_TerminalSize, TerminalSize__Output as _orca_v1_TerminalSize__Output } from './orca/v1/TerminalSize.js';
import type { Toleration as _orca_v1_Toleration, Toleration__Output as _orca_v1_Toleration__Output } from './orca/v1/Toleration.js';
import type { TopologySpreadConstraint as _orca_v1_TopologySpreadConstraint, TopologySpreadConstraint__Output as _orca_v1_TopologySpreadConstraint__Output } from './orca/v1/TopologySpreadConstraint.js';
import type { TransactRequest as _orca_v1_TransactRequest, TransactRequest__Output as _orca_v1_TransactRequest__Output } from './orca/v1/TransactRequest.js';
import type { TransactResponse as _orca_v1_TransactResponse, TransactResponse__Output as _orca_v1_TransactResponse__Output } from './orca/v1/TransactResponse.js';
import type { UpdateRequest as _orca_v1_UpdateRequest, UpdateRequest__Output as _orca_v1_UpdateRequest__Output } from './orca/v1/UpdateRequest.js';
import type { Volume as _orca_v1_Volume, Volume__Output as _orca_v1_Volume__Output } from './orca/v1/Volume.js';
import type { VolumeMount as _orca_v1_VolumeMount, VolumeMount__Output as _orca_v1_VolumeMount__Output } from './orca/v1/VolumeMount.js';
import type { VolumeMountStatus as _orca_v1_VolumeMountStatus, VolumeMountStatus__Output as _orca_v1_VolumeMountStatus__Output } from './orca/v1/VolumeMountStatus.js';
import type { VolumeNodeAffinity as _orca_v1_VolumeNodeAffinity, VolumeNodeAffinity__Output as _orca_v1_VolumeNodeAffinity__Output } from './orca/v1/VolumeNodeAffinity.js';
import type { VolumeResourceRequirements as _orca_v1_VolumeResourceRequirements, VolumeResourceRequirements__Output as _orca_v1_VolumeResourceRequirements__Output } from './orca/v1/VolumeResourceRequirements.js';
import type { WatchEvent as _orca_v1_WatchEvent, WatchEvent__Output as _orca_v1_WatchEvent__Output } from './orca/v1/WatchEvent.js';
import type { WatchRequest as _orca_v1_WatchRequest, WatchRequest__Output as _orca_v1_WatchRequest__Output } from './orca/v1/WatchRequest.js';
import type { WeightedPodAffinityTerm as _orca_v1_WeightedPodAffinityTerm, WeightedPodAffinityTerm__Output as _orca_v1_WeightedPodAffinityTerm__Output } from './orca/v1/WeightedPodAffinityTerm.js';
import type { WorkerServiceClient as _orca_v1_WorkerServiceClient, WorkerServiceDefinition as _orca_v1_WorkerServiceDefinition } from './orca/v1/WorkerService.js';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  orca: {
    v1: {
      AccessReviewRequest: MessageTypeDefinition<_orca_v1_AccessReviewRequest, _orca_v1_AccessReviewRequest__Output>
      AccessReviewResponse: MessageTypeDefinition<_orca_v1_AccessReviewResponse, _orca_v1_AccessReviewResponse__Output>
      AddMasterRequest: MessageTypeDefinition<_orca_v1_AddMasterRequest, _orca_v1_AddMasterRequest__Output>
      AddMasterResponse: MessageTypeDefinition<_orca_v1_AddMasterResponse, _orca_v1_AddMasterResponse__Output>
      Affinity: MessageTypeDefinition<_orca_v1_Affinity, _orca_v1_Affinity__Output>
      Capabilities: MessageTypeDefinition<_orca_v1_Capabilities, _orca_v1_Capabilities__Output>
      CheckOperation: MessageTypeDefinition<_orca_v1_CheckOperation, _orca_v1_CheckOperation__Output>
      ClientIPConfig: MessageTypeDefinition<_orca_v1_ClientIPConfig, _orca_v1_ClientIPConfig__Output>
      ClusterRole: MessageTypeDefinition<_orca_v1_ClusterRole, _orca_v1_ClusterRole__Output>
      ClusterRoleBinding: MessageTypeDefinition<_orca_v1_ClusterRoleBinding, _orca_v1_ClusterRoleBinding__Output>
      ClusterService: SubtypeConstructor<typeof grpc.Client, _orca_v1_ClusterServiceClient> & { service: _orca_v1_ClusterServiceDefinition }
      Condition: MessageTypeDefinition<_orca_v1_Condition, _orca_v1_Condition__Output>
      ConfigMap: MessageTypeDefinition<_orca_v1_ConfigMap, _orca_v1_ConfigMap__Output>
      ConfigMapEnvSource: MessageTypeDefinition<_orca_v1_ConfigMapEnvSource, _orca_v1_ConfigMapEnvSource__Output>
      ConfigMapKeySelector: MessageTypeDefinition<_orca_v1_ConfigMapKeySelector, _orca_v1_ConfigMapKeySelector__Output>
      ConfigMapVolumeSource: MessageTypeDefinition<_orca_v1_ConfigMapVolumeSource, _orca_v1_ConfigMapVolumeSource__Output>
      Consistency: EnumTypeDefinition
      Container: MessageTypeDefinition<_orca_v1_Container, _orca_v1_Container__Output>
      ContainerPort: MessageTypeDefinition<_orca_v1_ContainerPort, _orca_v1_ContainerPort__Output>
      ContainerState: MessageTypeDefinition<_orca_v1_ContainerState, _orca_v1_ContainerState__Output>
      ContainerStateRunning: MessageTypeDefinition<_orca_v1_ContainerStateRunning, _orca_v1_ContainerStateRunning__Output>
      ContainerStateTerminated: MessageTypeDefinition<_orca_v1_ContainerStateTerminated, _orca_v1_ContainerStateTerminated__Output>
      ContainerStateWaiting: MessageTypeDefinition<_orca_v1_ContainerStateWaiting, _orca_v1_ContainerStateWaiting__Output>
      ContainerStatus: MessageTypeDefinition<_orca_v1_ContainerStatus, _orca_v1_ContainerStatus__Output>
      CreateRequest: MessageTypeDefinition<_orca_v1_CreateRequest, _orca_v1_CreateRequest__Output>
      CronJob: MessageTypeDefinition<_orca_v1_CronJob, _orca_v1_CronJob__Output>
      CronJobSpec: MessageTypeDefinition<_orca_v1_CronJobSpec, _orca_v1_CronJobSpec__Output>
      CronJobStatus: MessageTypeDefinition<_orca_v1_CronJobStatus, _orca_v1_CronJobStatus__Output>
      DaemonSet: MessageTypeDefinition<_orca_v1_DaemonSet, _orca_v1_DaemonSet__Output>
      DaemonSetSpec: MessageTypeDefinition<_orca_v1_DaemonSetSpec, _orca_v1_DaemonSetSpec__Output>
      DaemonSetStatus: MessageTypeDefinition<_orca_v1_DaemonSetStatus, _orca_v1_DaemonSetStatus__Output>
      DaemonSetUpdateStrategy: MessageTypeDefinition<_orca_v1_DaemonSetUpdateStrategy, _orca_v1_DaemonSetUpdateStrategy__Output>
      DeleteRequest: MessageTypeDefinition<_orca_v1_DeleteRequest, _orca_v1_DeleteRequest__Output>
      DeleteResponse: MessageTypeDefinition<_orca_v1_DeleteResponse, _orca_v1_DeleteResponse__Output>
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
      ExecOutput: MessageTypeDefinition<_orca_v1_ExecOutput, _orca_v1_ExecOutput__Output>
      ExecRequest: MessageTypeDefinition<_orca_v1_ExecRequest, _orca_v1_ExecRequest__Output>
      GRPCAction: MessageTypeDefinition<_orca_v1_GRPCAction, _orca_v1_GRPCAction__Output>
      GetRequest: MessageTypeDefinition<_orca_v1_GetRequest, _orca_v1_GetRequest__Output>
      HTTPGetAction: MessageTypeDefinition<_orca_v1_HTTPGetAction, _orca_v1_HTTPGetAction__Output>
      HTTPHeader: MessageTypeDefinition<_orca_v1_HTTPHeader, _orca_v1_HTTPHeader__Output>
      HTTPIngressPath: MessageTypeDefinition<_orca_v1_HTTPIngressPath, _orca_v1_HTTPIngressPath__Output>
      HTTPIngressRuleValue: MessageTypeDefinition<_orca_v1_HTTPIngressRuleValue, _orca_v1_HTTPIngressRuleValue__Output>
      HostAlias: MessageTypeDefinition<_orca_v1_HostAlias, _orca_v1_HostAlias__Output>
      HostIP: MessageTypeDefinition<_orca_v1_HostIP, _orca_v1_HostIP__Output>
      HostPathVolumeSource: MessageTypeDefinition<_orca_v1_HostPathVolumeSource, _orca_v1_HostPathVolumeSource__Output>
      Ingress: MessageTypeDefinition<_orca_v1_Ingress, _orca_v1_Ingress__Output>
      IngressBackend: MessageTypeDefinition<_orca_v1_IngressBackend, _orca_v1_IngressBackend__Output>
      IngressClass: MessageTypeDefinition<_orca_v1_IngressClass, _orca_v1_IngressClass__Output>
      IngressClassParametersReference: MessageTypeDefinition<_orca_v1_IngressClassParametersReference, _orca_v1_IngressClassParametersReference__Output>
      IngressClassSpec: MessageTypeDefinition<_orca_v1_IngressClassSpec, _orca_v1_IngressClassSpec__Output>
      IngressLoadBalancerIngress: MessageTypeDefinition<_orca_v1_IngressLoadBalancerIngress, _orca_v1_IngressLoadBalancerIngress__Output>
      IngressLoadBalancerStatus: MessageTypeDefinition<_orca_v1_IngressLoadBalancerStatus, _orca_v1_IngressLoadBalancerStatus__Output>
      IngressRule: MessageTypeDefinition<_orca_v1_IngressRule, _orca_v1_IngressRule__Output>
      IngressServiceBackend: MessageTypeDefinition<_orca_v1_IngressServiceBackend, _orca_v1_IngressServiceBackend__Output>
      IngressSpec: MessageTypeDefinition<_orca_v1_IngressSpec, _orca_v1_IngressSpec__Output>
      IngressStatus: MessageTypeDefinition<_orca_v1_IngressStatus, _orca_v1_IngressStatus__Output>
      IngressTLS: MessageTypeDefinition<_orca_v1_IngressTLS, _orca_v1_IngressTLS__Output>
      IntOrString: MessageTypeDefinition<_orca_v1_IntOrString, _orca_v1_IntOrString__Output>
      Job: MessageTypeDefinition<_orca_v1_Job, _orca_v1_Job__Output>
      JobSpec: MessageTypeDefinition<_orca_v1_JobSpec, _orca_v1_JobSpec__Output>
      JobStatus: MessageTypeDefinition<_orca_v1_JobStatus, _orca_v1_JobStatus__Output>
      JobTemplateSpec: MessageTypeDefinition<_orca_v1_JobTemplateSpec, _orca_v1_JobTemplateSpec__Output>
      JoinRequest: MessageTypeDefinition<_orca_v1_JoinRequest, _orca_v1_JoinRequest__Output>
      JoinResponse: MessageTypeDefinition<_orca_v1_JoinResponse, _orca_v1_JoinResponse__Output>
      KeyToPath: MessageTypeDefinition<_orca_v1_KeyToPath, _orca_v1_KeyToPath__Output>
      LabelSelector: MessageTypeDefinition<_orca_v1_LabelSelector, _orca_v1_LabelSelector__Output>
      LabelSelectorRequirement: MessageTypeDefinition<_orca_v1_LabelSelectorRequirement, _orca_v1_LabelSelectorRequirement__Output>
      Lease: MessageTypeDefinition<_orca_v1_Lease, _orca_v1_Lease__Output>
      LeaseSpec: MessageTypeDefinition<_orca_v1_LeaseSpec, _orca_v1_LeaseSpec__Output>
      Lifecycle: MessageTypeDefinition<_orca_v1_Lifecycle, _orca_v1_Lifecycle__Output>
      LifecycleHandler: MessageTypeDefinition<_orca_v1_LifecycleHandler, _orca_v1_LifecycleHandler__Output>
      ListMeta: MessageTypeDefinition<_orca_v1_ListMeta, _orca_v1_ListMeta__Output>
      ListRequest: MessageTypeDefinition<_orca_v1_ListRequest, _orca_v1_ListRequest__Output>
      LoadBalancerIngress: MessageTypeDefinition<_orca_v1_LoadBalancerIngress, _orca_v1_LoadBalancerIngress__Output>
      LoadBalancerStatus: MessageTypeDefinition<_orca_v1_LoadBalancerStatus, _orca_v1_LoadBalancerStatus__Output>
      LocalObjectReference: MessageTypeDefinition<_orca_v1_LocalObjectReference, _orca_v1_LocalObjectReference__Output>
      LocalVolumeSource: MessageTypeDefinition<_orca_v1_LocalVolumeSource, _orca_v1_LocalVolumeSource__Output>
      LogChunk: MessageTypeDefinition<_orca_v1_LogChunk, _orca_v1_LogChunk__Output>
      LogsRequest: MessageTypeDefinition<_orca_v1_LogsRequest, _orca_v1_LogsRequest__Output>
      ManagedFieldsEntry: MessageTypeDefinition<_orca_v1_ManagedFieldsEntry, _orca_v1_ManagedFieldsEntry__Output>
      Member: MessageTypeDefinition<_orca_v1_Member, _orca_v1_Member__Output>
      MembersRequest: MessageTypeDefinition<_orca_v1_MembersRequest, _orca_v1_MembersRequest__Output>
      MembersResponse: MessageTypeDefinition<_orca_v1_MembersResponse, _orca_v1_MembersResponse__Output>
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
      Object: MessageTypeDefinition<_orca_v1_Object, _orca_v1_Object__Output>
      ObjectFieldSelector: MessageTypeDefinition<_orca_v1_ObjectFieldSelector, _orca_v1_ObjectFieldSelector__Output>
      ObjectKey: MessageTypeDefinition<_orca_v1_ObjectKey, _orca_v1_ObjectKey__Output>
      ObjectList: MessageTypeDefinition<_orca_v1_ObjectList, _orca_v1_ObjectList__Output>
      ObjectMeta: MessageTypeDefinition<_orca_v1_ObjectMeta, _orca_v1_ObjectMeta__Output>
      ObjectReference: MessageTypeDefinition<_orca_v1_ObjectReference, _orca_v1_ObjectReference__Output>
      ObjectService: SubtypeConstructor<typeof grpc.Client, _orca_v1_ObjectServiceClient> & { service: _orca_v1_ObjectServiceDefinition }
      Operation: MessageTypeDefinition<_orca_v1_Operation, _orca_v1_Operation__Output>
      OperationResult: MessageTypeDefinition<_orca_v1_OperationResult, _orca_v1_OperationResult__Output>
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
      PodService: SubtypeConstructor<typeof grpc.Client, _orca_v1_PodServiceClient> & { service: _orca_v1_PodServiceDefinition }
      PodSpec: MessageTypeDefinition<_orca_v1_PodSpec, _orca_v1_PodSpec__Output>
      PodStatus: MessageTypeDefinition<_orca_v1_PodStatus, _orca_v1_PodStatus__Output>
      PodStreamChannel: EnumTypeDefinition
      PodStreamCloseChannel: MessageTypeDefinition<_orca_v1_PodStreamCloseChannel, _orca_v1_PodStreamCloseChannel__Output>
      PodStreamData: MessageTypeDefinition<_orca_v1_PodStreamData, _orca_v1_PodStreamData__Output>
      PodStreamExit: MessageTypeDefinition<_orca_v1_PodStreamExit, _orca_v1_PodStreamExit__Output>
      PodStreamFrame: MessageTypeDefinition<_orca_v1_PodStreamFrame, _orca_v1_PodStreamFrame__Output>
      PodStreamKind: EnumTypeDefinition
      PodStreamOpen: MessageTypeDefinition<_orca_v1_PodStreamOpen, _orca_v1_PodStreamOpen__Output>
      PodStreamStarted: MessageTypeDefinition<_orca_v1_PodStreamStarted, _orca_v1_PodStreamStarted__Output>
      PodTemplateSpec: MessageTypeDefinition<_orca_v1_PodTemplateSpec, _orca_v1_PodTemplateSpec__Output>
      PolicyRule: MessageTypeDefinition<_orca_v1_PolicyRule, _orca_v1_PolicyRule__Output>
      PreferredSchedulingTerm: MessageTypeDefinition<_orca_v1_PreferredSchedulingTerm, _orca_v1_PreferredSchedulingTerm__Output>
      Probe: MessageTypeDefinition<_orca_v1_Probe, _orca_v1_Probe__Output>
      ReadIndexRequest: MessageTypeDefinition<_orca_v1_ReadIndexRequest, _orca_v1_ReadIndexRequest__Output>
      ReadIndexResponse: MessageTypeDefinition<_orca_v1_ReadIndexResponse, _orca_v1_ReadIndexResponse__Output>
      RemoveMasterRequest: MessageTypeDefinition<_orca_v1_RemoveMasterRequest, _orca_v1_RemoveMasterRequest__Output>
      RemoveMasterResponse: MessageTypeDefinition<_orca_v1_RemoveMasterResponse, _orca_v1_RemoveMasterResponse__Output>
      RenewCertificateRequest: MessageTypeDefinition<_orca_v1_RenewCertificateRequest, _orca_v1_RenewCertificateRequest__Output>
      RenewCertificateResponse: MessageTypeDefinition<_orca_v1_RenewCertificateResponse, _orca_v1_RenewCertificateResponse__Output>
      ReplicaSet: MessageTypeDefinition<_orca_v1_ReplicaSet, _orca_v1_ReplicaSet__Output>
      ReplicaSetSpec: MessageTypeDefinition<_orca_v1_ReplicaSetSpec, _orca_v1_ReplicaSetSpec__Output>
      ReplicaSetStatus: MessageTypeDefinition<_orca_v1_ReplicaSetStatus, _orca_v1_ReplicaSetStatus__Output>
      ResourceFieldSelector: MessageTypeDefinition<_orca_v1_ResourceFieldSelector, _orca_v1_ResourceFieldSelector__Output>
      ResourceRequirements: MessageTypeDefinition<_orca_v1_ResourceRequirements, _orca_v1_ResourceRequirements__Output>
      Role: MessageTypeDefinition<_orca_v1_Role, _orca_v1_Role__Output>
      RoleBinding: MessageTypeDefinition<_orca_v1_RoleBinding, _orca_v1_RoleBinding__Output>
      RoleRef: MessageTypeDefinition<_orca_v1_RoleRef, _orca_v1_RoleRef__Output>
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
      ServiceAccountTokenRequest: MessageTypeDefinition<_orca_v1_ServiceAccountTokenRequest, _orca_v1_ServiceAccountTokenRequest__Output>
      ServiceAccountTokenResponse: MessageTypeDefinition<_orca_v1_ServiceAccountTokenResponse, _orca_v1_ServiceAccountTokenResponse__Output>
      ServiceBackendPort: MessageTypeDefinition<_orca_v1_ServiceBackendPort, _orca_v1_ServiceBackendPort__Output>
      ServicePort: MessageTypeDefinition<_orca_v1_ServicePort, _orca_v1_ServicePort__Output>
      ServiceSpec: MessageTypeDefinition<_orca_v1_ServiceSpec, _orca_v1_ServiceSpec__Output>
      ServiceStatus: MessageTypeDefinition<_orca_v1_ServiceStatus, _orca_v1_ServiceStatus__Output>
      SessionAffinityConfig: MessageTypeDefinition<_orca_v1_SessionAffinityConfig, _orca_v1_SessionAffinityConfig__Output>
      SleepAction: MessageTypeDefinition<_orca_v1_SleepAction, _orca_v1_SleepAction__Output>
      SnapshotChunk: MessageTypeDefinition<_orca_v1_SnapshotChunk, _orca_v1_SnapshotChunk__Output>
      SnapshotRequest: MessageTypeDefinition<_orca_v1_SnapshotRequest, _orca_v1_SnapshotRequest__Output>
      StatefulSet: MessageTypeDefinition<_orca_v1_StatefulSet, _orca_v1_StatefulSet__Output>
      StatefulSetPersistentVolumeClaimRetentionPolicy: MessageTypeDefinition<_orca_v1_StatefulSetPersistentVolumeClaimRetentionPolicy, _orca_v1_StatefulSetPersistentVolumeClaimRetentionPolicy__Output>
      StatefulSetSpec: MessageTypeDefinition<_orca_v1_StatefulSetSpec, _orca_v1_StatefulSetSpec__Output>
      StatefulSetStatus: MessageTypeDefinition<_orca_v1_StatefulSetStatus, _orca_v1_StatefulSetStatus__Output>
      StatefulSetUpdateStrategy: MessageTypeDefinition<_orca_v1_StatefulSetUpdateStrategy, _orca_v1_StatefulSetUpdateStrategy__Output>
      Subject: MessageTypeDefinition<_orca_v1_Subject, _orca_v1_Subject__Output>
      TCPSocketAction: MessageTypeDefinition<_orca_v1_TCPSocketAction, _orca_v1_TCPSocketAction__Output>
      Taint: MessageTypeDefinition<_orca_v1_Taint, _orca_v1_Taint__Output>
      TerminalSize: MessageTypeDefinition<_orca_v1_TerminalSize, _orca_v1_TerminalSize__Output>
      Toleration: MessageTypeDefinition<_orca_v1_Toleration, _orca_v1_Toleration__Output>
      TopologySpreadConstraint: MessageTypeDefinition<_orca_v1_TopologySpreadConstraint, _orca_v1_TopologySpreadConstraint__Output>
      TransactRequest: MessageTypeDefinition<_orca_v1_TransactRequest, _orca_v1_TransactRequest__Output>
      TransactResponse: MessageTypeDefinition<_orca_v1_TransactResponse, _orca_v1_TransactResponse__Output>
      UpdateRequest: MessageTypeDefinition<_orca_v1_UpdateRequest, _orca_v1_UpdateRequest__Output>
      Volume: MessageTypeDefinition<_orca_v1_Volume, _orca_v1_Volume__Output>
      VolumeMount: MessageTypeDefinition<_orca_v1_VolumeMount, _orca_v1_VolumeMount__Output>
      VolumeMountStatus: MessageTypeDefinition<_orca_v1_VolumeMountStatus, _orca_v1_VolumeMountStatus__Output>
      VolumeNodeAffinity: MessageTypeDefinition<_orca_v1_VolumeNodeAffinity, _orca_v1_VolumeNodeAffinity__Output>
      VolumeResourceRequirements: MessageTypeDefinition<_orca_v1_VolumeResourceRequirements, _orca_v1_VolumeResourceRequirements__Output>
      WatchEvent: MessageTypeDefinition<_orca_v1_WatchEvent, _orca_v1_WatchEvent__Output>
      WatchRequest: MessageTypeDefinition<_orca_v1_WatchRequest, _orca_v1_WatchRequest__Output>
      WeightedPodAffinityTerm: MessageTypeDefinition<_orca_v1_WeightedPodAffinityTerm, _orca_v1_WeightedPodAffinityTerm__Output>
      WorkerService: SubtypeConstructor<typeof grpc.Client, _orca_v1_WorkerServiceClient> & { service: _orca_v1_WorkerServiceDefinition }
    }
  }
}

