// Original file: proto/orca/v1/services.proto

import type { Long } from '@grpc/proto-loader';

export interface ReadIndexResponse {
  'index'?: (number | string | Long);
}

export interface ReadIndexResponse__Output {
  'index': (number);
}
