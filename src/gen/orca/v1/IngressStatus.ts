// Original file: proto/orca/v1/networking.proto

import type { IngressLoadBalancerStatus as _orca_v1_IngressLoadBalancerStatus, IngressLoadBalancerStatus__Output as _orca_v1_IngressLoadBalancerStatus__Output } from '../../orca/v1/IngressLoadBalancerStatus.js';

export interface IngressStatus {
  'loadBalancer'?: (_orca_v1_IngressLoadBalancerStatus | null);
}

export interface IngressStatus__Output {
  'loadBalancer': (_orca_v1_IngressLoadBalancerStatus__Output | null);
}
