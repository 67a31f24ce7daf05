// Original file: proto/orca/v1/batch.proto

import type { ObjectMeta as _orca_v1_ObjectMeta, ObjectMeta__Output as _orca_v1_ObjectMeta__Output } from '../../orca/v1/ObjectMeta.js';
import type { JobSpec as _orca_v1_JobSpec, JobSpec__Output as _orca_v1_JobSpec__Output } from '../../orca/v1/JobSpec.js';

export interface JobTemplateSpec {
  'metadata'?: (_orca_v1_ObjectMeta | null);
  'spec'?: (_orca_v1_JobSpec | null);
}

export interface JobTemplateSpec__Output {
  'metadata': (_orca_v1_ObjectMeta__Output | null);
  'spec': (_orca_v1_JobSpec__Output | null);
}
