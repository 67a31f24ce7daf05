// Original file: proto/orca/v1/core.proto

import type { IntOrString as _orca_v1_IntOrString, IntOrString__Output as _orca_v1_IntOrString__Output } from '../../orca/v1/IntOrString.js';

export interface ServicePort {
  'name'?: (string);
  'protocol'?: (string);
  'appProtocol'?: (string);
  'port'?: (number);
  'targetPort'?: (_orca_v1_IntOrString | null);
  'nodePort'?: (number);
  '_appProtocol'?: "appProtocol";
}

export interface ServicePort__Output {
  'name': (string);
  'protocol': (string);
  'appProtocol'?: (string);
  'port': (number);
  'targetPort': (_orca_v1_IntOrString__Output | null);
  'nodePort': (number);
  '_appProtocol'?: "appProtocol";
}
