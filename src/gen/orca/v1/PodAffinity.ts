// Original file: proto/orca/v1/core.proto

import type { PodAffinityTerm as _orca_v1_PodAffinityTerm, PodAffinityTerm__Output as _orca_v1_PodAffinityTerm__Output } from '../../orca/v1/PodAffinityTerm.js';
import type { WeightedPodAffinityTerm as _orca_v1_WeightedPodAffinityTerm, WeightedPodAffinityTerm__Output as _orca_v1_WeightedPodAffinityTerm__Output } from '../../orca/v1/WeightedPodAffinityTerm.js';

export interface PodAffinity {
  'requiredDuringSchedulingIgnoredDuringExecution'?: (_orca_v1_PodAffinityTerm)[];
  'preferredDuringSchedulingIgnoredDuringExecution'?: (_orca_v1_WeightedPodAffinityTerm)[];
}

export interface PodAffinity__Output {
  'requiredDuringSchedulingIgnoredDuringExecution': (_orca_v1_PodAffinityTerm__Output)[];
  'preferredDuringSchedulingIgnoredDuringExecution': (_orca_v1_WeightedPodAffinityTerm__Output)[];
}
