// Original file: proto/orca/v1/apps.proto

import type { ObjectMeta as _orca_v1_ObjectMeta, ObjectMeta__Output as _orca_v1_ObjectMeta__Output } from '../../orca/v1/ObjectMeta.js';
import type { DeploymentSpec as _orca_v1_DeploymentSpec, DeploymentSpec__Output as _orca_v1_DeploymentSpec__Output } from '../../orca/v1/DeploymentSpec.js';
import type { DeploymentStatus as _orca_v1_DeploymentStatus, DeploymentStatus__Output as _orca_v1_DeploymentStatus__Output } from '../../orca/v1/DeploymentStatus.js';

export interface Deployment {
  'apiVersion'?: (string);
  'kind'?: (string);
  'metadata'?: (_orca_v1_ObjectMeta | null);
  'spec'?: (_orca_v1_DeploymentSpec | null);
  'status'?: (_orca_v1_DeploymentStatus | null);
}

export interface Deployment__Output {
  'apiVersion': (string);
  'kind': (string);
  'metadata': (_orca_v1_ObjectMeta__Output | null);
  'spec': (_orca_v1_DeploymentSpec__Output | null);
  'status': (_orca_v1_DeploymentStatus__Output | null);
}
