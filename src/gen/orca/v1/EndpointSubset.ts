// Original file: proto/orca/v1/core.proto

import type { EndpointAddress as _orca_v1_EndpointAddress, EndpointAddress__Output as _orca_v1_EndpointAddress__Output } from '../../orca/v1/EndpointAddress.js';
import type { EndpointPort as _orca_v1_EndpointPort, EndpointPort__Output as _orca_v1_EndpointPort__Output } from '../../orca/v1/EndpointPort.js';

export interface EndpointSubset {
  'addresses'?: (_orca_v1_EndpointAddress)[];
  'notReadyAddresses'?: (_orca_v1_EndpointAddress)[];
  'ports'?: (_orca_v1_EndpointPort)[];
}

export interface EndpointSubset__Output {
  'addresses': (_orca_v1_EndpointAddress__Output)[];
  'notReadyAddresses': (_orca_v1_EndpointAddress__Output)[];
  'ports': (_orca_v1_EndpointPort__Output)[];
}
