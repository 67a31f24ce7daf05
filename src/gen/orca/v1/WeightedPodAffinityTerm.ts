// Original file: proto/orca/v1/core.proto

import type { PodAffinityTerm as _orca_v1_PodAffinityTerm, PodAffinityTerm__Output as _orca_v1_PodAffinityTerm__Output } from '../../orca/v1/PodAffinityTerm.js';

export interface WeightedPodAffinityTerm {
  'weight'?: (number);
  'podAffinityTerm'?: (_orca_v1_PodAffinityTerm | null);
}

export interface WeightedPodAffinityTerm__Output {
  'weight': (number);
  'podAffinityTerm': (_orca_v1_PodAffinityTerm__Output | null);
}
