// Original file: proto/orca/v1/core.proto

import type { NodeSelector as _orca_v1_NodeSelector, NodeSelector__Output as _orca_v1_NodeSelector__Output } from '../../orca/v1/NodeSelector.js';
import type { PreferredSchedulingTerm as _orca_v1_PreferredSchedulingTerm, PreferredSchedulingTerm__Output as _orca_v1_PreferredSchedulingTerm__Output } from '../../orca/v1/PreferredSchedulingTerm.js';

export interface NodeAffinity {
  'requiredDuringSchedulingIgnoredDuringExecution'?: (_orca_v1_NodeSelector | null);
  'preferredDuringSchedulingIgnoredDuringExecution'?: (_orca_v1_PreferredSchedulingTerm)[];
}

export interface NodeAffinity__Output {
  'requiredDuringSchedulingIgnoredDuringExecution': (_orca_v1_NodeSelector__Output | null);
  'preferredDuringSchedulingIgnoredDuringExecution': (_orca_v1_PreferredSchedulingTerm__Output)[];
}
