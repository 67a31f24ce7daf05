// Original file: proto/orca/v1/batch.proto

import type { LabelSelector as _orca_v1_LabelSelector, LabelSelector__Output as _orca_v1_LabelSelector__Output } from '../../orca/v1/LabelSelector.js';
import type { PodTemplateSpec as _orca_v1_PodTemplateSpec, PodTemplateSpec__Output as _orca_v1_PodTemplateSpec__Output } from '../../orca/v1/PodTemplateSpec.js';
import type { Long } from '@grpc/proto-loader';

export interface JobSpec {
  'parallelism'?: (number);
  'completions'?: (number);
  'activeDeadlineSeconds'?: (number | string | Long);
  'backoffLimit'?: (number);
  'selector'?: (_orca_v1_LabelSelector | null);
  'manualSelector'?: (boolean);
  'template'?: (_orca_v1_PodTemplateSpec | null);
  'ttlSecondsAfterFinished'?: (number);
  'completionMode'?: (string);
  'suspend'?: (boolean);
  '_parallelism'?: "parallelism";
  '_completions'?: "completions";
  '_activeDeadlineSeconds'?: "activeDeadlineSeconds";
  '_backoffLimit'?: "backoffLimit";
  '_manualSelector'?: "manualSelector";
  '_ttlSecondsAfterFinished'?: "ttlSecondsAfterFinished";
  '_completionMode'?: "completionMode";
  '_suspend'?: "suspend";
}

export interface JobSpec__Output {
  'parallelism'?: (number);
  'completions'?: (number);
  'activeDeadlineSeconds'?: (number);
  'backoffLimit'?: (number);
  'selector': (_orca_v1_LabelSelector__Output | null);
  'manualSelector'?: (boolean);
  'template': (_orca_v1_PodTemplateSpec__Output | null);
  'ttlSecondsAfterFinished'?: (number);
  'completionMode'?: (string);
  'suspend'?: (boolean);
  '_parallelism'?: "parallelism";
  '_completions'?: "completions";
  '_activeDeadlineSeconds'?: "activeDeadlineSeconds";
  '_backoffLimit'?: "backoffLimit";
  '_manualSelector'?: "manualSelector";
  '_ttlSecondsAfterFinished'?: "ttlSecondsAfterFinished";
  '_completionMode'?: "completionMode";
  '_suspend'?: "suspend";
}
