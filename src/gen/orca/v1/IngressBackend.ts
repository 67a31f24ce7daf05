// Original file: proto/orca/v1/networking.proto

import type { IngressServiceBackend as _orca_v1_IngressServiceBackend, IngressServiceBackend__Output as _orca_v1_IngressServiceBackend__Output } from '../../orca/v1/IngressServiceBackend.js';

export interface IngressBackend {
  'service'?: (_orca_v1_IngressServiceBackend | null);
}

export interface IngressBackend__Output {
  'service': (_orca_v1_IngressServiceBackend__Output | null);
}
