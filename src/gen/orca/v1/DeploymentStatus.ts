// Original file: proto/orca/v1/apps.proto

import type { Condition as _orca_v1_Condition, Condition__Output as _orca_v1_Condition__Output } from '../../orca/v1/Condition.js';
import type { Long } from '@grpc/proto-loader';

export interface DeploymentStatus {
  'observedGeneration'?: (number | string | Long);
  'replicas'?: (number);
  'updatedReplicas'?: (number);
  'readyReplicas'?: (number);
  'availableReplicas'?: (number);
  'unavailableReplicas'?: (number);
  'conditions'?: (_orca_v1_Condition)[];
  'collisionCount'?: (number);
  '_collisionCount'?: "collisionCount";
}

export interface DeploymentStatus__Output {
  'observedGeneration': (number);
  'replicas': (number);
  'updatedReplicas': (number);
  'readyReplicas': (number);
  'availableReplicas': (number);
  'unavailableReplicas': (number);
  'conditions': (_orca_v1_Condition__Output)[];
  'collisionCount'?: (number);
  '_collisionCount'?: "collisionCount";
}
