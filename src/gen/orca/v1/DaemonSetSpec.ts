// Original file: proto/orca/v1/apps.proto

import type { LabelSelector as _orca_v1_LabelSelector, LabelSelector__Output as _orca_v1_LabelSelector__Output } from '../../orca/v1/LabelSelector.js';
import type { PodTemplateSpec as _orca_v1_PodTemplateSpec, PodTemplateSpec__Output as _orca_v1_PodTemplateSpec__Output } from '../../orca/v1/PodTemplateSpec.js';
import type { DaemonSetUpdateStrategy as _orca_v1_DaemonSetUpdateStrategy, DaemonSetUpdateStrategy__Output as _orca_v1_DaemonSetUpdateStrategy__Output } from '../../orca/v1/DaemonSetUpdateStrategy.js';

export interface DaemonSetSpec {
  'selector'?: (_orca_v1_LabelSelector | null);
  'template'?: (_orca_v1_PodTemplateSpec | null);
  'updateStrategy'?: (_orca_v1_DaemonSetUpdateStrategy | null);
  'minReadySeconds'?: (number);
  'revisionHistoryLimit'?: (number);
  '_revisionHistoryLimit'?: "revisionHistoryLimit";
}

export interface DaemonSetSpec__Output {
  'selector': (_orca_v1_LabelSelector__Output | null);
  'template': (_orca_v1_PodTemplateSpec__Output | null);
  'updateStrategy': (_orca_v1_DaemonSetUpdateStrategy__Output | null);
  'minReadySeconds': (number);
  'revisionHistoryLimit'?: (number);
  '_revisionHistoryLimit'?: "revisionHistoryLimit";
}
