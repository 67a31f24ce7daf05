// Original file: proto/orca/v1/apps.proto

import type { Condition as _orca_v1_Condition, Condition__Output as _orca_v1_Condition__Output } from '../../orca/v1/Condition.js';
import type { Long } from '@grpc/proto-loader';

export interface StatefulSetStatus {
  'observedGeneration'?: (number | string | Long);
  'replicas'?: (number);
  'readyReplicas'?: (number);
  'currentReplicas'?: (number);
  'updatedReplicas'?: (number);
  'currentRevision'?: (string);
  'updateRevision'?: (string);
  'collisionCount'?: (number);
  'conditions'?: (_orca_v1_Condition)[];
  'availableReplicas'?: (number);
  '_collisionCount'?: "collisionCount";
}

export interface StatefulSetStatus__Output {
  'observedGeneration': (number);
  'replicas': (number);
  'readyReplicas': (number);
  'currentReplicas': (number);
  'updatedReplicas': (number);
  'currentRevision': (string);
  'updateRevision': (string);
  'collisionCount'?: (number);
  'conditions': (_orca_v1_Condition__Output)[];
  'availableReplicas': (number);
  '_collisionCount'?: "collisionCount";
}
