// Original file: proto/orca/v1/apps.proto

import type { RollingUpdateDeployment as _orca_v1_RollingUpdateDeployment, RollingUpdateDeployment__Output as _orca_v1_RollingUpdateDeployment__Output } from '../../orca/v1/RollingUpdateDeployment.js';

export interface DeploymentStrategy {
  'type'?: (string);
  'rollingUpdate'?: (_orca_v1_RollingUpdateDeployment | null);
}

export interface DeploymentStrategy__Output {
  'type': (string);
  'rollingUpdate': (_orca_v1_RollingUpdateDeployment__Output | null);
}
