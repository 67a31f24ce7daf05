// Original file: proto/orca/v1/networking.proto

import type { IngressLoadBalancerIngress as _orca_v1_IngressLoadBalancerIngress, IngressLoadBalancerIngress__Output as _orca_v1_IngressLoadBalancerIngress__Output } from '../../orca/v1/IngressLoadBalancerIngress.js';

export interface IngressLoadBalancerStatus {
  'ingress'?: (_orca_v1_IngressLoadBalancerIngress)[];
}

export interface IngressLoadBalancerStatus__Output {
  'ingress': (_orca_v1_IngressLoadBalancerIngress__Output)[];
}
