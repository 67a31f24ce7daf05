// Original file: proto/orca/v1/networking.proto

import type { ServiceBackendPort as _orca_v1_ServiceBackendPort, ServiceBackendPort__Output as _orca_v1_ServiceBackendPort__Output } from '../../orca/v1/ServiceBackendPort.js';

export interface IngressServiceBackend {
  'name'?: (string);
  'port'?: (_orca_v1_ServiceBackendPort | null);
}

export interface IngressServiceBackend__Output {
  'name': (string);
  'port': (_orca_v1_ServiceBackendPort__Output | null);
}
