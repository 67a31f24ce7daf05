// Original file: proto/orca/v1/core.proto

import type { ContainerState as _orca_v1_ContainerState, ContainerState__Output as _orca_v1_ContainerState__Output } from '../../orca/v1/ContainerState.js';

export interface ContainerStatus {
  'name'?: (string);
  'state'?: (_orca_v1_ContainerState | null);
  'lastState'?: (_orca_v1_ContainerState | null);
  'ready'?: (boolean);
  'restartCount'?: (number);
  'image'?: (string);
  'imageId'?: (string);
  'containerId'?: (string);
  'started'?: (boolean);
  '_started'?: "started";
}

export interface ContainerStatus__Output {
  'name': (string);
  'state': (_orca_v1_ContainerState__Output | null);
  'lastState': (_orca_v1_ContainerState__Output | null);
  'ready': (boolean);
  'restartCount': (number);
  'image': (string);
  'imageId': (string);
  'containerId': (string);
  'started'?: (boolean);
  '_started'?: "started";
}
