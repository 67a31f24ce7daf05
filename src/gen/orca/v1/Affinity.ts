// Original file: proto/orca/v1/core.proto

import type { NodeAffinity as _orca_v1_NodeAffinity, NodeAffinity__Output as _orca_v1_NodeAffinity__Output } from '../../orca/v1/NodeAffinity.js';
import type { PodAffinity as _orca_v1_PodAffinity, PodAffinity__Output as _orca_v1_PodAffinity__Output } from '../../orca/v1/PodAffinity.js';
import type { PodAntiAffinity as _orca_v1_PodAntiAffinity, PodAntiAffinity__Output as _orca_v1_PodAntiAffinity__Output } from '../../orca/v1/PodAntiAffinity.js';

export interface Affinity {
  'nodeAffinity'?: (_orca_v1_NodeAffinity | null);
  'podAffinity'?: (_orca_v1_PodAffinity | null);
  'podAntiAffinity'?: (_orca_v1_PodAntiAffinity | null);
}

export interface Affinity__Output {
  'nodeAffinity': (_orca_v1_NodeAffinity__Output | null);
  'podAffinity': (_orca_v1_PodAffinity__Output | null);
  'podAntiAffinity': (_orca_v1_PodAntiAffinity__Output | null);
}
