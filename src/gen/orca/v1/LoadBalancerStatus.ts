// Original file: proto/orca/v1/core.proto

import type { LoadBalancerIngress as _orca_v1_LoadBalancerIngress, LoadBalancerIngress__Output as _orca_v1_LoadBalancerIngress__Output } from '../../orca/v1/LoadBalancerIngress.js';

export interface LoadBalancerStatus {
  'ingress'?: (_orca_v1_LoadBalancerIngress)[];
}

export interface LoadBalancerStatus__Output {
  'ingress': (_orca_v1_LoadBalancerIngress__Output)[];
}
