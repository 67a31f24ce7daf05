// Original file: proto/orca/v1/core.proto

import type { LifecycleHandler as _orca_v1_LifecycleHandler, LifecycleHandler__Output as _orca_v1_LifecycleHandler__Output } from '../../orca/v1/LifecycleHandler.js';

export interface Lifecycle {
  'postStart'?: (_orca_v1_LifecycleHandler | null);
  'preStop'?: (_orca_v1_LifecycleHandler | null);
}

export interface Lifecycle__Output {
  'postStart': (_orca_v1_LifecycleHandler__Output | null);
  'preStop': (_orca_v1_LifecycleHandler__Output | null);
}
