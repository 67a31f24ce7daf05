// Original file: proto/orca/v1/core.proto

import type { NodeSelectorTerm as _orca_v1_NodeSelectorTerm, NodeSelectorTerm__Output as _orca_v1_NodeSelectorTerm__Output } from '../../orca/v1/NodeSelectorTerm.js';

export interface PreferredSchedulingTerm {
  'weight'?: (number);
  'preference'?: (_orca_v1_NodeSelectorTerm | null);
}

export interface PreferredSchedulingTerm__Output {
  'weight': (number);
  'preference': (_orca_v1_NodeSelectorTerm__Output | null);
}
