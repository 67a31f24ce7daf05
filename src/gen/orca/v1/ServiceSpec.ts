// Original file: proto/orca/v1/core.proto

import type { ServicePort as _orca_v1_ServicePort, ServicePort__Output as _orca_v1_ServicePort__Output } from '../../orca/v1/ServicePort.js';

export interface ServiceSpec {
  'ports'?: (_orca_v1_ServicePort)[];
  'selector'?: ({[key: string]: string});
  'clusterIp'?: (string);
  'clusterIps'?: (string)[];
  'type'?: (string);
  'externalIps'?: (string)[];
  'sessionAffinity'?: (string);
  'externalName'?: (string);
  'externalTrafficPolicy'?: (string);
  'internalTrafficPolicy'?: (string);
  'publishNotReadyAddresses'?: (boolean);
  '_internalTrafficPolicy'?: "internalTrafficPolicy";
}

export interface ServiceSpec__Output {
  'ports': (_orca_v1_ServicePort__Output)[];
  'selector': ({[key: string]: string});
  'clusterIp': (string);
  'clusterIps': (string)[];
  'type': (string);
  'externalIps': (string)[];
  'sessionAffinity': (string);
  'externalName': (string);
  'externalTrafficPolicy': (string);
  'internalTrafficPolicy'?: (string);
  'publishNotReadyAddresses': (boolean);
  '_internalTrafficPolicy'?: "internalTrafficPolicy";
}
