// Original file: proto/orca/v1/core.proto

import type { Long } from '@grpc/proto-loader';

export interface PodSecurityContext {
  'runAsUser'?: (number | string | Long);
  'runAsGroup'?: (number | string | Long);
  'runAsNonRoot'?: (boolean);
  'fsGroup'?: (number | string | Long);
  'supplementalGroups'?: (number | string | Long)[];
  '_runAsUser'?: "runAsUser";
  '_runAsGroup'?: "runAsGroup";
  '_runAsNonRoot'?: "runAsNonRoot";
  '_fsGroup'?: "fsGroup";
}

export interface PodSecurityContext__Output {
  'runAsUser'?: (number);
  'runAsGroup'?: (number);
  'runAsNonRoot'?: (boolean);
  'fsGroup'?: (number);
  'supplementalGroups': (number)[];
  '_runAsUser'?: "runAsUser";
  '_runAsGroup'?: "runAsGroup";
  '_runAsNonRoot'?: "runAsNonRoot";
  '_fsGroup'?: "fsGroup";
}
