// Original file: proto/orca/v1/core.proto

import type { Long } from '@grpc/proto-loader';

export interface Toleration {
  'key'?: (string);
  'operator'?: (string);
  'value'?: (string);
  'effect'?: (string);
  'tolerationSeconds'?: (number | string | Long);
  '_tolerationSeconds'?: "tolerationSeconds";
}

export interface Toleration__Output {
  'key': (string);
  'operator': (string);
  'value': (string);
  'effect': (string);
  'tolerationSeconds'?: (number);
  '_tolerationSeconds'?: "tolerationSeconds";
}
