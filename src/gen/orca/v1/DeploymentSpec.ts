// Original file: proto/orca/v1/apps.proto

import type { LabelSelector as _orca_v1_LabelSelector, LabelSelector__Output as _orca_v1_LabelSelector__Output } from '../../orca/v1/LabelSelector.js';
import type { PodTemplateSpec as _orca_v1_PodTemplateSpec, PodTemplateSpec__Output as _orca_v1_PodTemplateSpec__Output } from '../../orca/v1/PodTemplateSpec.js';
import type { DeploymentStrategy as _orca_v1_DeploymentStrategy, DeploymentStrategy__Output as _orca_v1_DeploymentStrategy__Output } from '../../orca/v1/DeploymentStrategy.js';

export interface DeploymentSpec {
  'replicas'?: (number);
  'selector'?: (_orca_v1_LabelSelector | null);
  'template'?: (_orca_v1_PodTemplateSpec | null);
  'strategy'?: (_orca_v1_DeploymentStrategy | null);
  'minReadySeconds'?: (number);
  'revisionHistoryLimit'?: (number);
  'paused'?: (boolean);
  'progressDeadlineSeconds'?: (number);
  '_replicas'?: "replicas";
  '_revisionHistoryLimit'?: "revisionHistoryLimit";
  '_progressDeadlineSeconds'?: "progressDeadlineSeconds";
}

export interface DeploymentSpec__Output {
  'replicas'?: (number);
  'selector': (_orca_v1_LabelSelector__Output | null);
  'template': (_orca_v1_PodTemplateSpec__Output | null);
  'strategy': (_orca_v1_DeploymentStrategy__Output | null);
  'minReadySeconds': (number);
  'revisionHistoryLimit'?: (number);
  'paused': (boolean);
  'progressDeadlineSeconds'?: (number);
  '_replicas'?: "replicas";
  '_revisionHistoryLimit'?: "revisionHistoryLimit";
  '_progressDeadlineSeconds'?: "progressDeadlineSeconds";
}
