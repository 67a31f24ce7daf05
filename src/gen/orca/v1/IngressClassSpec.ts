// Original file: proto/orca/v1/networking.proto

import type { IngressClassParametersReference as _orca_v1_IngressClassParametersReference, IngressClassParametersReference__Output as _orca_v1_IngressClassParametersReference__Output } from '../../orca/v1/IngressClassParametersReference.js';

export interface IngressClassSpec {
  'controller'?: (string);
  'parameters'?: (_orca_v1_IngressClassParametersReference | null);
}

export interface IngressClassSpec__Output {
  'controller': (string);
  'parameters': (_orca_v1_IngressClassParametersReference__Output | null);
}
