// Original file: proto/orca/v1/apps.proto

import type { RollingUpdateStatefulSetStrategy as _orca_v1_RollingUpdateStatefulSetStrategy, RollingUpdateStatefulSetStrategy__Output as _orca_v1_RollingUpdateStatefulSetStrategy__Output } from '../../orca/v1/RollingUpdateStatefulSetStrategy.js';

export interface StatefulSetUpdateStrategy {
  'type'?: (string);
  'rollingUpdate'?: (_orca_v1_RollingUpdateStatefulSetStrategy | null);
}

export interface StatefulSetUpdateStrategy__Output {
  'type': (string);
  'rollingUpdate': (_orca_v1_RollingUpdateStatefulSetStrategy__Output | null);
}
