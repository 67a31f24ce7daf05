// Original file: proto/orca/v1/core.proto

import type { NodeSelectorTerm as _orca_v1_NodeSelectorTerm, NodeSelectorTerm__Output as _orca_v1_NodeSelectorTerm__Output } from '../../orca/v1/NodeSelectorTerm.js';

export interface NodeSelector {
  'nodeSelectorTerms'?: (_orca_v1_NodeSelectorTerm)[];
}

export interface NodeSelector__Output {
  'nodeSelectorTerms': (_orca_v1_NodeSelectorTerm__Output)[];
}
