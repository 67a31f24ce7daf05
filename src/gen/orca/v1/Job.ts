// Original file: proto/orca/v1/batch.proto

import type { ObjectMeta as _orca_v1_ObjectMeta, ObjectMeta__Output as _orca_v1_ObjectMeta__Output } from '../../orca/v1/ObjectMeta.js';
import type { JobSpec as _orca_v1_JobSpec, JobSpec__Output as _orca_v1_JobSpec__Output } from '../../orca/v1/JobSpec.js';
import type { JobStatus as _orca_v1_JobStatus, JobStatus__Output as _orca_v1_JobStatus__Output } from '../../orca/v1/JobStatus.js';

export interface Job {
  'apiVersion'?: (string);
  'kind'?: (string);
  'metadata'?: (_orca_v1_ObjectMeta | null);
  'spec'?: (_orca_v1_JobSpec | null);
  'status'?: (_orca_v1_JobStatus | null);
}

export interface Job__Output {
  'apiVersion': (string);
  'kind': (string);
  'metadata': (_orca_v1_ObjectMeta__Output | null);
  'spec': (_orca_v1_JobSpec__Output | null);
  'status': (_orca_v1_JobStatus__Output | null);
}
