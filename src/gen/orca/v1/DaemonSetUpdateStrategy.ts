// Original file: proto/orca/v1/apps.proto

import type { RollingUpdateDaemonSet as _orca_v1_RollingUpdateDaemonSet, RollingUpdateDaemonSet__Output as _orca_v1_RollingUpdateDaemonSet__Output } from '../../orca/v1/RollingUpdateDaemonSet.js';

export interface DaemonSetUpdateStrategy {
  'type'?: (string);
  'rollingUpdate'?: (_orca_v1_RollingUpdateDaemonSet | null);
}

export interface DaemonSetUpdateStrategy__Output {
  'type': (string);
  'rollingUpdate': (_orca_v1_RollingUpdateDaemonSet__Output | null);
}
