// Original file: proto/orca/v1/core.proto

import type { ObjectFieldSelector as _orca_v1_ObjectFieldSelector, ObjectFieldSelector__Output as _orca_v1_ObjectFieldSelector__Output } from '../../orca/v1/ObjectFieldSelector.js';
import type { ResourceFieldSelector as _orca_v1_ResourceFieldSelector, ResourceFieldSelector__Output as _orca_v1_ResourceFieldSelector__Output } from '../../orca/v1/ResourceFieldSelector.js';

export interface DownwardAPIVolumeFile {
  'path'?: (string);
  'fieldRef'?: (_orca_v1_ObjectFieldSelector | null);
  'resourceFieldRef'?: (_orca_v1_ResourceFieldSelector | null);
  'mode'?: (number);
  '_mode'?: "mode";
}

export interface DownwardAPIVolumeFile__Output {
  'path': (string);
  'fieldRef': (_orca_v1_ObjectFieldSelector__Output | null);
  'resourceFieldRef': (_orca_v1_ResourceFieldSelector__Output | null);
  'mode'?: (number);
  '_mode'?: "mode";
}
