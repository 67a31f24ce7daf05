// Original file: proto/orca/v1/core.proto

import type { LabelSelector as _orca_v1_LabelSelector, LabelSelector__Output as _orca_v1_LabelSelector__Output } from '../../orca/v1/LabelSelector.js';

export interface PodAffinityTerm {
  'labelSelector'?: (_orca_v1_LabelSelector | null);
  'namespaces'?: (string)[];
  'topologyKey'?: (string);
  'namespaceSelector'?: (_orca_v1_LabelSelector | null);
}

export interface PodAffinityTerm__Output {
  'labelSelector': (_orca_v1_LabelSelector__Output | null);
  'namespaces': (string)[];
  'topologyKey': (string);
  'namespaceSelector': (_orca_v1_LabelSelector__Output | null);
}
