// Original file: proto/orca/v1/core.proto

import type { ObjectReference as _orca_v1_ObjectReference, ObjectReference__Output as _orca_v1_ObjectReference__Output } from '../../orca/v1/ObjectReference.js';

export interface EndpointAddress {
  'ip'?: (string);
  'hostname'?: (string);
  'nodeName'?: (string);
  'targetRef'?: (_orca_v1_ObjectReference | null);
  '_nodeName'?: "nodeName";
}

export interface EndpointAddress__Output {
  'ip': (string);
  'hostname': (string);
  'nodeName'?: (string);
  'targetRef': (_orca_v1_ObjectReference__Output | null);
  '_nodeName'?: "nodeName";
}
