// Original file: proto/orca/v1/batch.proto

import type { JobTemplateSpec as _orca_v1_JobTemplateSpec, JobTemplateSpec__Output as _orca_v1_JobTemplateSpec__Output } from '../../orca/v1/JobTemplateSpec.js';
import type { Long } from '@grpc/proto-loader';

export interface CronJobSpec {
  'schedule'?: (string);
  'timeZone'?: (string);
  'startingDeadlineSeconds'?: (number | string | Long);
  'concurrencyPolicy'?: (string);
  'suspend'?: (boolean);
  'jobTemplate'?: (_orca_v1_JobTemplateSpec | null);
  'successfulJobsHistoryLimit'?: (number);
  'failedJobsHistoryLimit'?: (number);
  '_timeZone'?: "timeZone";
  '_startingDeadlineSeconds'?: "startingDeadlineSeconds";
  '_suspend'?: "suspend";
  '_successfulJobsHistoryLimit'?: "successfulJobsHistoryLimit";
  '_failedJobsHistoryLimit'?: "failedJobsHistoryLimit";
}

export interface CronJobSpec__Output {
  'schedule': (string);
  'timeZone'?: (string);
  'startingDeadlineSeconds'?: (number);
  'concurrencyPolicy': (string);
  'suspend'?: (boolean);
  'jobTemplate': (_orca_v1_JobTemplateSpec__Output | null);
  'successfulJobsHistoryLimit'?: (number);
  'failedJobsHistoryLimit'?: (number);
  '_timeZone'?: "timeZone";
  '_startingDeadlineSeconds'?: "startingDeadlineSeconds";
  '_suspend'?: "suspend";
  '_successfulJobsHistoryLimit'?: "successfulJobsHistoryLimit";
  '_failedJobsHistoryLimit'?: "failedJobsHistoryLimit";
}
