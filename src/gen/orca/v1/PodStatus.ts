// Original file: proto/orca/v1/core.proto

import type { Condition as _orca_v1_Condition, Condition__Output as _orca_v1_Condition__Output } from '../../orca/v1/Condition.js';
import type { HostIP as _orca_v1_HostIP, HostIP__Output as _orca_v1_HostIP__Output } from '../../orca/v1/HostIP.js';
import type { PodIP as _orca_v1_PodIP, PodIP__Output as _orca_v1_PodIP__Output } from '../../orca/v1/PodIP.js';
import type { ContainerStatus as _orca_v1_ContainerStatus, ContainerStatus__Output as _orca_v1_ContainerStatus__Output } from '../../orca/v1/ContainerStatus.js';

export interface PodStatus {
  'phase'?: (string);
  'conditions'?: (_orca_v1_Condition)[];
  'message'?: (string);
  'reason'?: (string);
  'hostIp'?: (string);
  'hostIps'?: (_orca_v1_HostIP)[];
  'podIp'?: (string);
  'podIps'?: (_orca_v1_PodIP)[];
  'startTime'?: (string);
  'initContainerStatuses'?: (_orca_v1_ContainerStatus)[];
  'containerStatuses'?: (_orca_v1_ContainerStatus)[];
  'qosClass'?: (string);
  'nominatedNodeName'?: (string);
}

export interface PodStatus__Output {
  'phase': (string);
  'conditions': (_orca_v1_Condition__Output)[];
  'message': (string);
  'reason': (string);
  'hostIp': (string);
  'hostIps': (_orca_v1_HostIP__Output)[];
  'podIp': (string);
  'podIps': (_orca_v1_PodIP__Output)[];
  'startTime': (string);
  'initContainerStatuses': (_orca_v1_ContainerStatus__Output)[];
  'containerStatuses': (_orca_v1_ContainerStatus__Output)[];
  'qosClass': (string);
  'nominatedNodeName': (string);
}
