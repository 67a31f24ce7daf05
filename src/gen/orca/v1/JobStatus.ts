// Original file: proto/orca/v1/batch.proto

import type { Condition as _orca_v1_Condition, Condition__Output as _orca_v1_Condition__Output } from '../../orca/v1/Condition.js';

export interface JobStatus {
  'conditions'?: (_orca_v1_Condition)[];
  'startTime'?: (string);
  'completionTime'?: (string);
  'active'?: (number);
  'succeeded'?: (number);
  'failed'?: (number);
  'ready'?: (number);
  '_ready'?: "ready";
}

export interface JobStatus__Output {
  'conditions': (_orca_v1_Condition__Output)[];
  'startTime': (string);
  'completionTime': (string);
  'active': (number);
  'succeeded': (number);
  'failed': (number);
  'ready'?: (number);
  '_ready'?: "ready";
}
