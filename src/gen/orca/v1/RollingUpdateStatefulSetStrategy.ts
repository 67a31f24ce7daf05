// Original file: proto/orca/v1/apps.proto

import type { IntOrString as _orca_v1_IntOrString, IntOrString__Output as _orca_v1_IntOrString__Output } from '../../orca/v1/IntOrString.js';

export interface RollingUpdateStatefulSetStrategy {
  'partition'?: (number);
  'maxUnavailable'?: (_orca_v1_IntOrString | null);
  '_partition'?: "partition";
}

export interface RollingUpdateStatefulSetStrategy__Output {
  'partition'?: (number);
  'maxUnavailable': (_orca_v1_IntOrString__Output | null);
  '_partition'?: "partition";
}
