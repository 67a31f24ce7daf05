// Original file: proto/orca/v1/core.proto

import type { ConfigMapEnvSource as _orca_v1_ConfigMapEnvSource, ConfigMapEnvSource__Output as _orca_v1_ConfigMapEnvSource__Output } from '../../orca/v1/ConfigMapEnvSource.js';
import type { SecretEnvSource as _orca_v1_SecretEnvSource, SecretEnvSource__Output as _orca_v1_SecretEnvSource__Output } from '../../orca/v1/SecretEnvSource.js';

export interface EnvFromSource {
  'prefix'?: (string);
  'configMapRef'?: (_orca_v1_ConfigMapEnvSource | null);
  'secretRef'?: (_orca_v1_SecretEnvSource | null);
}

export interface EnvFromSource__Output {
  'prefix': (string);
  'configMapRef': (_orca_v1_ConfigMapEnvSource__Output | null);
  'secretRef': (_orca_v1_SecretEnvSource__Output | null);
}
