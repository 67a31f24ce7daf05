// Original file: proto/orca/v1/core.proto

import type { IntOrString as _orca_v1_IntOrString, IntOrString__Output as _orca_v1_IntOrString__Output } from '../../orca/v1/IntOrString.js';
import type { HTTPHeader as _orca_v1_HTTPHeader, HTTPHeader__Output as _orca_v1_HTTPHeader__Output } from '../../orca/v1/HTTPHeader.js';

export interface HTTPGetAction {
  'path'?: (string);
  'port'?: (_orca_v1_IntOrString | null);
  'host'?: (string);
  'scheme'?: (string);
  'httpHeaders'?: (_orca_v1_HTTPHeader)[];
}

export interface HTTPGetAction__Output {
  'path': (string);
  'port': (_orca_v1_IntOrString__Output | null);
  'host': (string);
  'scheme': (string);
  'httpHeaders': (_orca_v1_HTTPHeader__Output)[];
}
