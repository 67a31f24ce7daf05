// Original file: proto/orca/v1/core.proto

import type { ContainerStateWaiting as _orca_v1_ContainerStateWaiting, ContainerStateWaiting__Output as _orca_v1_ContainerStateWaiting__Output } from '../../orca/v1/ContainerStateWaiting.js';
import type { ContainerStateRunning as _orca_v1_ContainerStateRunning, ContainerStateRunning__Output as _orca_v1_ContainerStateRunning__Output } from '../../orca/v1/ContainerStateRunning.js';
import type { ContainerStateTerminated as _orca_v1_ContainerStateTerminated, ContainerStateTerminated__Output as _orca_v1_ContainerStateTerminated__Output } from '../../orca/v1/ContainerStateTerminated.js';

export interface ContainerState {
  'waiting'?: (_orca_v1_ContainerStateWaiting | null);
  'running'?: (_orca_v1_ContainerStateRunning | null);
  'terminated'?: (_orca_v1_ContainerStateTerminated | null);
}

export interface ContainerState__Output {
  'waiting': (_orca_v1_ContainerStateWaiting__Output | null);
  'running': (_orca_v1_ContainerStateRunning__Output | null);
  'terminated': (_orca_v1_ContainerStateTerminated__Output | null);
}
