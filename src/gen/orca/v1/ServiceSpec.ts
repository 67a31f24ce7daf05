// Original file: proto/orca/v1/core.proto

import type { ServicePort as _orca_v1_ServicePort, ServicePort__Output as _orca_v1_ServicePort__Output } from '../../orca/v1/ServicePort.js';
import type { SessionAffinityConfig as _orca_v1_SessionAffinityConfig, SessionAffinityConfig__Output as _orca_v1_SessionAffinityConfig__Output } from '../../orca/v1/SessionAffinityConfig.js';

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
  'ipFamilies'?: (string)[];
  'ipFamilyPolicy'?: (string);
  'allocateLoadBalancerNodePorts'?: (boolean);
  'loadBalancerClass'?: (string);
  'healthCheckNodePort'?: (number);
  'loadBalancerSourceRanges'?: (string)[];
  'sessionAffinityConfig'?: (_orca_v1_SessionAffinityConfig | null);
  '_internalTrafficPolicy'?: "internalTrafficPolicy";
  '_ipFamilyPolicy'?: "ipFamilyPolicy";
  '_allocateLoadBalancerNodePorts'?: "allocateLoadBalancerNodePorts";
  '_loadBalancerClass'?: "loadBalancerClass";
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
  'ipFamilies': (string)[];
  'ipFamilyPolicy'?: (string);
  'allocateLoadBalancerNodePorts'?: (boolean);
  'loadBalancerClass'?: (string);
  'healthCheckNodePort': (number);
  'loadBalancerSourceRanges': (string)[];
  'sessionAffinityConfig': (_orca_v1_SessionAffinityConfig__Output | null);
  '_internalTrafficPolicy'?: "internalTrafficPolicy";
  '_ipFamilyPolicy'?: "ipFamilyPolicy";
  '_allocateLoadBalancerNodePorts'?: "allocateLoadBalancerNodePorts";
  '_loadBalancerClass'?: "loadBalancerClass";
}
