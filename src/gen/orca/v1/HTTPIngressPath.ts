// Original file: proto/orca/v1/networking.proto

import type { IngressBackend as _orca_v1_IngressBackend, IngressBackend__Output as _orca_v1_IngressBackend__Output } from '../../orca/v1/IngressBackend.js';

export interface HTTPIngressPath {
  'path'?: (string);
  'pathType'?: (string);
  'backend'?: (_orca_v1_IngressBackend | null);
}

export interface HTTPIngressPath__Output {
  'path': (string);
  'pathType': (string);
  'backend': (_orca_v1_IngressBackend__Output | null);
}
