// Original file: proto/orca/v1/core.proto

import type { ObjectMeta as _orca_v1_ObjectMeta, ObjectMeta__Output as _orca_v1_ObjectMeta__Output } from '../../orca/v1/ObjectMeta.js';
import type { ServiceSpec as _orca_v1_ServiceSpec, ServiceSpec__Output as _orca_v1_ServiceSpec__Output } from '../../orca/v1/ServiceSpec.js';
import type { ServiceStatus as _orca_v1_ServiceStatus, ServiceStatus__Output as _orca_v1_ServiceStatus__Output } from '../../orca/v1/ServiceStatus.js';

export interface Service {
  'apiVersion'?: (string);
  'kind'?: (string);
  'metadata'?: (_orca_v1_ObjectMeta | null);
  'spec'?: (_orca_v1_ServiceSpec | null);
  'status'?: (_orca_v1_ServiceStatus | null);
}

export interface Service__Output {
  'apiVersion': (string);
  'kind': (string);
  'metadata': (_orca_v1_ObjectMeta__Output | null);
  'spec': (_orca_v1_ServiceSpec__Output | null);
  'status': (_orca_v1_ServiceStatus__Output | null);
}
