// Original file: proto/orca/v1/core.proto

import type { LabelSelector as _orca_v1_LabelSelector, LabelSelector__Output as _orca_v1_LabelSelector__Output } from '../../orca/v1/LabelSelector.js';

export interface TopologySpreadConstraint {
  'maxSkew'?: (number);
  'topologyKey'?: (string);
  'whenUnsatisfiable'?: (string);
  'labelSelector'?: (_orca_v1_LabelSelector | null);
  'minDomains'?: (number);
  'matchLabelKeys'?: (string)[];
  'nodeAffinityPolicy'?: (string);
  'nodeTaintsPolicy'?: (string);
  '_minDomains'?: "minDomains";
  '_nodeAffinityPolicy'?: "nodeAffinityPolicy";
  '_nodeTaintsPolicy'?: "nodeTaintsPolicy";
}

export interface TopologySpreadConstraint__Output {
  'maxSkew': (number);
  'topologyKey': (string);
  'whenUnsatisfiable': (string);
  'labelSelector': (_orca_v1_LabelSelector__Output | null);
  'minDomains'?: (number);
  'matchLabelKeys': (string)[];
  'nodeAffinityPolicy'?: (string);
  'nodeTaintsPolicy'?: (string);
  '_minDomains'?: "minDomains";
  '_nodeAffinityPolicy'?: "nodeAffinityPolicy";
  '_nodeTaintsPolicy'?: "nodeTaintsPolicy";
}
