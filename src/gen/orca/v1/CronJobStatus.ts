// Original file: proto/orca/v1/batch.proto

import type { ObjectReference as _orca_v1_ObjectReference, ObjectReference__Output as _orca_v1_ObjectReference__Output } from '../../orca/v1/ObjectReference.js';

export interface CronJobStatus {
  'active'?: (_orca_v1_ObjectReference)[];
  'lastScheduleTime'?: (string);
  'lastSuccessfulTime'?: (string);
}

export interface CronJobStatus__Output {
  'active': (_orca_v1_ObjectReference__Output)[];
  'lastScheduleTime': (string);
  'lastSuccessfulTime': (string);
}
