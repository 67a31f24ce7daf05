// Original file: proto/orca/v1/batch.proto

import type { ObjectMeta as _orca_v1_ObjectMeta, ObjectMeta__Output as _orca_v1_ObjectMeta__Output } from '../../orca/v1/ObjectMeta.js';
import type { CronJobSpec as _orca_v1_CronJobSpec, CronJobSpec__Output as _orca_v1_CronJobSpec__Output } from '../../orca/v1/CronJobSpec.js';
import type { CronJobStatus as _orca_v1_CronJobStatus, CronJobStatus__Output as _orca_v1_CronJobStatus__Output } from '../../orca/v1/CronJobStatus.js';

export interface CronJob {
  'apiVersion'?: (string);
  'kind'?: (string);
  'metadata'?: (_orca_v1_ObjectMeta | null);
  'spec'?: (_orca_v1_CronJobSpec | null);
  'status'?: (_orca_v1_CronJobStatus | null);
}

export interface CronJob__Output {
  'apiVersion': (string);
  'kind': (string);
  'metadata': (_orca_v1_ObjectMeta__Output | null);
  'spec': (_orca_v1_CronJobSpec__Output | null);
  'status': (_orca_v1_CronJobStatus__Output | null);
}
