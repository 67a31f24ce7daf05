// Original file: proto/orca/v1/core.proto

import type { DownwardAPIVolumeFile as _orca_v1_DownwardAPIVolumeFile, DownwardAPIVolumeFile__Output as _orca_v1_DownwardAPIVolumeFile__Output } from '../../orca/v1/DownwardAPIVolumeFile.js';

export interface DownwardAPIVolumeSource {
  'items'?: (_orca_v1_DownwardAPIVolumeFile)[];
  'defaultMode'?: (number);
  '_defaultMode'?: "defaultMode";
}

export interface DownwardAPIVolumeSource__Output {
  'items': (_orca_v1_DownwardAPIVolumeFile__Output)[];
  'defaultMode'?: (number);
  '_defaultMode'?: "defaultMode";
}
