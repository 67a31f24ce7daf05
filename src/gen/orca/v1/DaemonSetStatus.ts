// Original file: proto/orca/v1/apps.proto

import type { Condition as _orca_v1_Condition, Condition__Output as _orca_v1_Condition__Output } from '../../orca/v1/Condition.js';
import type { Long } from '@grpc/proto-loader';

export interface DaemonSetStatus {
  'currentNumberScheduled'?: (number);
  'numberMisscheduled'?: (number);
  'desiredNumberScheduled'?: (number);
  'numberReady'?: (number);
  'observedGeneration'?: (number | string | Long);
  'updatedNumberScheduled'?: (number);
  'numberAvailable'?: (number);
  'numberUnavailable'?: (number);
  'collisionCount'?: (number);
  'conditions'?: (_orca_v1_Condition)[];
  '_collisionCount'?: "collisionCount";
}

export interface DaemonSetStatus__Output {
  'currentNumberScheduled': (number);
  'numberMisscheduled': (number);
  'desiredNumberScheduled': (number);
  'numberReady': (number);
  'observedGeneration': (number);
  'updatedNumberScheduled': (number);
  'numberAvailable': (number);
  'numberUnavailable': (number);
  'collisionCount'?: (number);
  'conditions': (_orca_v1_Condition__Output)[];
  '_collisionCount'?: "collisionCount";
}
