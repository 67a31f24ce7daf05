// Original file: proto/orca/v1/core.proto

import type { IntOrString as _orca_v1_IntOrString, IntOrString__Output as _orca_v1_IntOrString__Output } from '../../orca/v1/IntOrString.js';

export interface TCPSocketAction {
  'port'?: (_orca_v1_IntOrString | null);
  'host'?: (string);
}

export interface TCPSocketAction__Output {
  'port': (_orca_v1_IntOrString__Output | null);
  'host': (string);
}
