// Original file: proto/orca/v1/apps.proto

import type { Condition as _orca_v1_Condition, Condition__Output as _orca_v1_Condition__Output } from '../../orca/v1/Condition.js';
import type { Long } from '@grpc/proto-loader';

export interface ReplicaSetStatus {
  'replicas'?: (number);
  'fullyLabeledReplicas'?: (number);
  'readyReplicas'?: (number);
  'availableReplicas'?: (number);
  'observedGeneration'?: (number | string | Long);
  'conditions'?: (_orca_v1_Condition)[];
}

export interface ReplicaSetStatus__Output {
  'replicas': (number);
  'fullyLabeledReplicas': (number);
  'readyReplicas': (number);
  'availableReplicas': (number);
  'observedGeneration': (number);
  'conditions': (_orca_v1_Condition__Output)[];
}
