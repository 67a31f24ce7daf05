// Original file: proto/orca/v1/meta.proto

import type { Long } from '@grpc/proto-loader';

export interface Condition {
  'type'?: (string);
  'status'?: (string);
  'reason'?: (string);
  'message'?: (string);
  'lastTransitionTime'?: (string);
  'lastUpdateTime'?: (string);
  'lastProbeTime'?: (string);
  'lastHeartbeatTime'?: (string);
  'observedGeneration'?: (number | string | Long);
}

export interface Condition__Output {
  'type': (string);
  'status': (string);
  'reason': (string);
  'message': (string);
  'lastTransitionTime': (string);
  'lastUpdateTime': (string);
  'lastProbeTime': (string);
  'lastHeartbeatTime': (string);
  'observedGeneration': (number);
}
