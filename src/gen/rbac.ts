import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { ClusterRole as _orca_v1_ClusterRole, ClusterRole__Output as _orca_v1_ClusterRole__Output } from './orca/v1/ClusterRole.js';
import type { ClusterRoleBinding as _orca_v1_ClusterRoleBinding, ClusterRoleBinding__Output as _orca_v1_ClusterRoleBinding__Output } from './orca/v1/ClusterRoleBinding.js';
import type { Condition as _orca_v1_Condition, Condition__Output as _orca_v1_Condition__Output } from './orca/v1/Condition.js';
import type { IntOrString as _orca_v1_IntOrString, IntOrString__Output as _orca_v1_IntOrString__Output } from './orca/v1/IntOrString.js';
import type { LabelSelector as _orca_v1_LabelSelector, LabelSelector__Output as _orca_v1_LabelSelector__Output } from './orca/v1/LabelSelector.js';
import type { LabelSelectorRequirement as _orca_v1_LabelSelectorRequirement, LabelSelectorRequirement__Output as _orca_v1_LabelSelectorRequirement__Output } from './orca/v1/LabelSelectorRequirement.js';
import type { ListMeta as _orca_v1_ListMeta, ListMeta__Output as _orca_v1_ListMeta__Output } from './orca/v1/ListMeta.js';
import type { LocalObjectReference as _orca_v1_LocalObjectReference, LocalObjectReference__Output as _orca_v1_LocalObjectReference__Output } from './orca/v1/LocalObjectReference.js';
import type { ManagedFieldsEntry as _orca_v1_ManagedFieldsEntry, ManagedFieldsEntry__Output as _orca_v1_ManagedFieldsEntry__Output } from './orca/v1/ManagedFieldsEntry.js';
import type { ObjectMeta as _orca_v1_ObjectMeta, ObjectMeta__Output as _orca_v1_ObjectMeta__Output } from './orca/v1/ObjectMeta.js';
import type { ObjectReference as _orca_v1_ObjectReference, ObjectReference__Output as _orca_v1_ObjectReference__Output } from './orca/v1/ObjectReference.js';
import type { OwnerReference as _orca_v1_OwnerReference, OwnerReference__Output as _orca_v1_OwnerReference__Output } from './orca/v1/OwnerReference.js';
import type { PolicyRule as _orca_v1_PolicyRule, PolicyRule__Output as _orca_v1_PolicyRule__Output } from './orca/v1/PolicyRule.js';
import type { Role as _orca_v1_Role, Role__Output as _orca_v1_Role__Output } from './orca/v1/Role.js';
import type { RoleBinding as _orca_v1_RoleBinding, RoleBinding__Output as _orca_v1_RoleBinding__Output } from './orca/v1/RoleBinding.js';
import type { RoleRef as _orca_v1_RoleRef, RoleRef__Output as _orca_v1_RoleRef__Output } from './orca/v1/RoleRef.js';
import type { Subject as _orca_v1_Subject, Subject__Output as _orca_v1_Subject__Output } from './orca/v1/Subject.js';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  orca: {
    v1: {
      ClusterRole: MessageTypeDefinition<_orca_v1_ClusterRole, _orca_v1_ClusterRole__Output>
      ClusterRoleBinding: MessageTypeDefinition<_orca_v1_ClusterRoleBinding, _orca_v1_ClusterRoleBinding__Output>
      Condition: MessageTypeDefinition<_orca_v1_Condition, _orca_v1_Condition__Output>
      IntOrString: MessageTypeDefinition<_orca_v1_IntOrString, _orca_v1_IntOrString__Output>
      LabelSelector: MessageTypeDefinition<_orca_v1_LabelSelector, _orca_v1_LabelSelector__Output>
      LabelSelectorRequirement: MessageTypeDefinition<_orca_v1_LabelSelectorRequirement, _orca_v1_LabelSelectorRequirement__Output>
      ListMeta: MessageTypeDefinition<_orca_v1_ListMeta, _orca_v1_ListMeta__Output>
      LocalObjectReference: MessageTypeDefinition<_orca_v1_LocalObjectReference, _orca_v1_LocalObjectReference__Output>
      ManagedFieldsEntry: MessageTypeDefinition<_orca_v1_ManagedFieldsEntry, _orca_v1_ManagedFieldsEntry__Output>
      ObjectMeta: MessageTypeDefinition<_orca_v1_ObjectMeta, _orca_v1_ObjectMeta__Output>
      ObjectReference: MessageTypeDefinition<_orca_v1_ObjectReference, _orca_v1_ObjectReference__Output>
      OwnerReference: MessageTypeDefinition<_orca_v1_OwnerReference, _orca_v1_OwnerReference__Output>
      PolicyRule: MessageTypeDefinition<_orca_v1_PolicyRule, _orca_v1_PolicyRule__Output>
      Role: MessageTypeDefinition<_orca_v1_Role, _orca_v1_Role__Output>
      RoleBinding: MessageTypeDefinition<_orca_v1_RoleBinding, _orca_v1_RoleBinding__Output>
      RoleRef: MessageTypeDefinition<_orca_v1_RoleRef, _orca_v1_RoleRef__Output>
      Subject: MessageTypeDefinition<_orca_v1_Subject, _orca_v1_Subject__Output>
    }
  }
}

