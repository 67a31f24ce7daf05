// Original file: proto/orca/v1/core.proto

import type { NodeSelectorRequirement as _orca_v1_NodeSelectorRequirement, NodeSelectorRequirement__Output as _orca_v1_NodeSelectorRequirement__Output } from '../../orca/v1/NodeSelectorRequirement.js';

export interface NodeSelectorTerm {
  'matchExpressions'?: (_orca_v1_NodeSelectorRequirement)[];
  'matchFields'?: (_orca_v1_NodeSelectorRequirement)[];
}

export interface NodeSelectorTerm__Output {
  'matchExpressions': (_orca_v1_NodeSelectorRequirement__Output)[];
  'matchFields': (_orca_v1_NodeSelectorRequirement__Output)[];
}
