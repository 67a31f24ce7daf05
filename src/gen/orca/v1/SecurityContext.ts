// Original file: proto/orca/v1/core.proto

import type { Capabilities as _orca_v1_Capabilities, Capabilities__Output as _orca_v1_Capabilities__Output } from '../../orca/v1/Capabilities.js';
import type { SeccompProfile as _orca_v1_SeccompProfile, SeccompProfile__Output as _orca_v1_SeccompProfile__Output } from '../../orca/v1/SeccompProfile.js';
import type { Long } from '@grpc/proto-loader';

export interface SecurityContext {
  'runAsUser'?: (number | string | Long);
  'runAsGroup'?: (number | string | Long);
  'runAsNonRoot'?: (boolean);
  'privileged'?: (boolean);
  'readOnlyRootFilesystem'?: (boolean);
  'allowPrivilegeEscalation'?: (boolean);
  'capabilities'?: (_orca_v1_Capabilities | null);
  'seccompProfile'?: (_orca_v1_SeccompProfile | null);
  '_runAsUser'?: "runAsUser";
  '_runAsGroup'?: "runAsGroup";
  '_runAsNonRoot'?: "runAsNonRoot";
  '_privileged'?: "privileged";
  '_readOnlyRootFilesystem'?: "readOnlyRootFilesystem";
  '_allowPrivilegeEscalation'?: "allowPrivilegeEscalation";
}

export interface SecurityContext__Output {
  'runAsUser'?: (number);
  'runAsGroup'?: (number);
  'runAsNonRoot'?: (boolean);
  'privileged'?: (boolean);
  'readOnlyRootFilesystem'?: (boolean);
  'allowPrivilegeEscalation'?: (boolean);
  'capabilities': (_orca_v1_Capabilities__Output | null);
  'seccompProfile': (_orca_v1_SeccompProfile__Output | null);
  '_runAsUser'?: "runAsUser";
  '_runAsGroup'?: "runAsGroup";
  '_runAsNonRoot'?: "runAsNonRoot";
  '_privileged'?: "privileged";
  '_readOnlyRootFilesystem'?: "readOnlyRootFilesystem";
  '_allowPrivilegeEscalation'?: "allowPrivilegeEscalation";
}
