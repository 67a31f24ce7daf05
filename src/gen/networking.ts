import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { Condition as _orca_v1_Condition, Condition__Output as _orca_v1_Condition__Output } from './orca/v1/Condition.js';
import type { HTTPIngressPath as _orca_v1_HTTPIngressPath, HTTPIngressPath__Output as _orca_v1_HTTPIngressPath__Output } from './orca/v1/HTTPIngressPath.js';
import type { HTTPIngressRuleValue as _orca_v1_HTTPIngressRuleValue, HTTPIngressRuleValue__Output as _orca_v1_HTTPIngressRuleValue__Output } from './orca/v1/HTTPIngressRuleValue.js';
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
import type { LabelSelector as _orca_v1_LabelSelector, LabelSelector__Output as _orca_v1_LabelSelector__Output } from './orca/v1/LabelSelector.js';
import type { LabelSelectorRequirement as _orca_v1_LabelSelectorRequirement, LabelSelectorRequirement__Output as _orca_v1_LabelSelectorRequirement__Output } from './orca/v1/LabelSelectorRequirement.js';
import type { ListMeta as _orca_v1_ListMeta, ListMeta__Output as _orca_v1_ListMeta__Output } from './orca/v1/ListMeta.js';
import type { LocalObjectReference as _orca_v1_LocalObjectReference, LocalObjectReference__Output as _orca_v1_LocalObjectReference__Output } from './orca/v1/LocalObjectReference.js';
import type { ManagedFieldsEntry as _orca_v1_ManagedFieldsEntry, ManagedFieldsEntry__Output as _orca_v1_ManagedFieldsEntry__Output } from './orca/v1/ManagedFieldsEntry.js';
import type { ObjectMeta as _orca_v1_ObjectMeta, ObjectMeta__Output as _orca_v1_ObjectMeta__Output } from './orca/v1/ObjectMeta.js';
import type { ObjectReference as _orca_v1_ObjectReference, ObjectReference__Output as _orca_v1_ObjectReference__Output } from './orca/v1/ObjectReference.js';
import type { OwnerReference as _orca_v1_OwnerReference, OwnerReference__Output as _orca_v1_OwnerReference__Output } from './orca/v1/OwnerReference.js';
import type { ServiceBackendPort as _orca_v1_ServiceBackendPort, ServiceBackendPort__Output as _orca_v1_ServiceBackendPort__Output } from './orca/v1/ServiceBackendPort.js';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  orca: {
    v1: {
      Condition: MessageTypeDefinition<_orca_v1_Condition, _orca_v1_Condition__Output>
      HTTPIngressPath: MessageTypeDefinition<_orca_v1_HTTPIngressPath, _orca_v1_HTTPIngressPath__Output>
      HTTPIngressRuleValue: MessageTypeDefinition<_orca_v1_HTTPIngressRuleValue, _orca_v1_HTTPIngressRuleValue__Output>
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
      LabelSelector: MessageTypeDefinition<_orca_v1_LabelSelector, _orca_v1_LabelSelector__Output>
      LabelSelectorRequirement: MessageTypeDefinition<_orca_v1_LabelSelectorRequirement, _orca_v1_LabelSelectorRequirement__Output>
      ListMeta: MessageTypeDefinition<_orca_v1_ListMeta, _orca_v1_ListMeta__Output>
      LocalObjectReference: MessageTypeDefinition<_orca_v1_LocalObjectReference, _orca_v1_LocalObjectReference__Output>
      ManagedFieldsEntry: MessageTypeDefinition<_orca_v1_ManagedFieldsEntry, _orca_v1_ManagedFieldsEntry__Output>
      ObjectMeta: MessageTypeDefinition<_orca_v1_ObjectMeta, _orca_v1_ObjectMeta__Output>
      ObjectReference: MessageTypeDefinition<_orca_v1_ObjectReference, _orca_v1_ObjectReference__Output>
      OwnerReference: MessageTypeDefinition<_orca_v1_OwnerReference, _orca_v1_OwnerReference__Output>
      ServiceBackendPort: MessageTypeDefinition<_orca_v1_ServiceBackendPort, _orca_v1_ServiceBackendPort__Output>
    }
  }
}

