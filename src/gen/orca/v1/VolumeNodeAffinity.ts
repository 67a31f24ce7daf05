// Original file: proto/orca/v1/storage.proto

import type { NodeSelector as _orca_v1_NodeSelector, NodeSelector__Output as _orca_v1_NodeSelector__Output } from '../../orca/v1/NodeSelector.js';

export interface VolumeNodeAffinity {
  'required'?: (_orca_v1_NodeSelector | null);
}

export interface VolumeNodeAffinity__Output {
  'required': (_orca_v1_NodeSelector__Output | null);
}
