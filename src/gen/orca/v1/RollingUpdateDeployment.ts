// Original file: proto/orca/v1/apps.proto

import type { IntOrString as _orca_v1_IntOrString, IntOrString__Output as _orca_v1_IntOrString__Output } from '../../orca/v1/IntOrString.js';

export interface RollingUpdateDeployment {
  'maxUnavailable'?: (_orca_v1_IntOrString | null);
  'maxSurge'?: (_orca_v1_IntOrString | null);
}

export interface RollingUpdateDeployment__Output {
  'maxUnavailable': (_orca_v1_IntOrString__Output | null);
  'maxSurge': (_orca_v1_IntOrString__Output | null);
}
