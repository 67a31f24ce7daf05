// Original file: proto/orca/v1/core.proto

import type { LoadBalancerStatus as _orca_v1_LoadBalancerStatus, LoadBalancerStatus__Output as _orca_v1_LoadBalancerStatus__Output } from '../../orca/v1/LoadBalancerStatus.js';
import type { Condition as _orca_v1_Condition, Condition__Output as _orca_v1_Condition__Output } from '../../orca/v1/Condition.js';

export interface ServiceStatus {
  'loadBalancer'?: (_orca_v1_LoadBalancerStatus | null);
  'conditions'?: (_orca_v1_Condition)[];
}

export interface ServiceStatus__Output {
  'loadBalancer': (_orca_v1_LoadBalancerStatus__Output | null);
  'conditions': (_orca_v1_Condition__Output)[];
}
