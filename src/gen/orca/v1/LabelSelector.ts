// Original file: proto/orca/v1/meta.proto

import type { LabelSelectorRequirement as _orca_v1_LabelSelectorRequirement, LabelSelectorRequirement__Output as _orca_v1_LabelSelectorRequirement__Output } from '../../orca/v1/LabelSelectorRequirement.js';

export interface LabelSelector {
  'matchLabels'?: ({[key: string]: string});
  'matchExpressions'?: (_orca_v1_LabelSelectorRequirement)[];
}

export interface LabelSelector__Output {
  'matchLabels': ({[key: string]: string});
  'matchExpressions': (_orca_v1_LabelSelectorRequirement__Output)[];
}
