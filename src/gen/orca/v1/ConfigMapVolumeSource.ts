// Original file: proto/orca/v1/core.proto

import type { KeyToPath as _orca_v1_KeyToPath, KeyToPath__Output as _orca_v1_KeyToPath__Output } from '../../orca/v1/KeyToPath.js';

export interface ConfigMapVolumeSource {
  'name'?: (string);
  'items'?: (_orca_v1_KeyToPath)[];
  'defaultMode'?: (number);
  'optional'?: (boolean);
  '_defaultMode'?: "defaultMode";
  '_optional'?: "optional";
}

export interface ConfigMapVolumeSource__Output {
  'name': (string);
  'items': (_orca_v1_KeyToPath__Output)[];
  'defaultMode'?: (number);
  'optional'?: (boolean);
  '_defaultMode'?: "defaultMode";
  '_optional'?: "optional";
}
