// Original file: proto/orca/v1/core.proto

import type { ContainerState as _orca_v1_ContainerState, ContainerState__Output as _orca_v1_ContainerState__Output } from '../../orca/v1/ContainerState.js';
import type { ResourceRequirements as _orca_v1_ResourceRequirements, ResourceRequirements__Output as _orca_v1_ResourceRequirements__Output } from '../../orca/v1/ResourceRequirements.js';
import type { VolumeMountStatus as _orca_v1_VolumeMountStatus, VolumeMountStatus__Output as _orca_v1_VolumeMountStatus__Output } from '../../orca/v1/VolumeMountStatus.js';

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
  'allocatedResources'?: ({[key: string]: string});
  'resources'?: (_orca_v1_ResourceRequirements | null);
  'volumeMounts'?: (_orca_v1_VolumeMountStatus)[];
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
  'allocatedResources': ({[key: string]: string});
  'resources': (_orca_v1_ResourceRequirements__Output | null);
  'volumeMounts': (_orca_v1_VolumeMountStatus__Output)[];
  '_started'?: "started";
}
