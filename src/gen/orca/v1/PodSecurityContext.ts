// Original file: proto/orca/v1/core.proto

import type { SeccompProfile as _orca_v1_SeccompProfile, SeccompProfile__Output as _orca_v1_SeccompProfile__Output } from '../../orca/v1/SeccompProfile.js';
import type { Long } from '@grpc/proto-loader';

export interface PodSecurityContext {
  'runAsUser'?: (number | string | Long);
  'runAsGroup'?: (number | string | Long);
  'runAsNonRoot'?: (boolean);
  'fsGroup'?: (number | string | Long);
  'supplementalGroups'?: (number | string | Long)[];
  'seccompProfile'?: (_orca_v1_SeccompProfile | null);
  'fsGroupChangePolicy'?: (string);
  '_runAsUser'?: "runAsUser";
  '_runAsGroup'?: "runAsGroup";
  '_runAsNonRoot'?: "runAsNonRoot";
  '_fsGroup'?: "fsGroup";
  '_fsGroupChangePolicy'?: "fsGroupChangePolicy";
}

export interface PodSecurityContext__Output {
  'runAsUser'?: (number);
  'runAsGroup'?: (number);
  'runAsNonRoot'?: (boolean);
  'fsGroup'?: (number);
  'supplementalGroups': (number)[];
  'seccompProfile': (_orca_v1_SeccompProfile__Output | null);
  'fsGroupChangePolicy'?: (string);
  '_runAsUser'?: "runAsUser";
  '_runAsGroup'?: "runAsGroup";
  '_runAsNonRoot'?: "runAsNonRoot";
  '_fsGroup'?: "fsGroup";
  '_fsGroupChangePolicy'?: "fsGroupChangePolicy";
}
