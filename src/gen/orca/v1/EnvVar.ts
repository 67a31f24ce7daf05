// Original file: proto/orca/v1/core.proto

import type { EnvVarSource as _orca_v1_EnvVarSource, EnvVarSource__Output as _orca_v1_EnvVarSource__Output } from '../../orca/v1/EnvVarSource.js';

export interface EnvVar {
  'name'?: (string);
  'value'?: (string);
  'valueFrom'?: (_orca_v1_EnvVarSource | null);
}

export interface EnvVar__Output {
  'name': (string);
  'value': (string);
  'valueFrom': (_orca_v1_EnvVarSource__Output | null);
}
