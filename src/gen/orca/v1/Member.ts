// Original file: proto/orca/v1/services.proto

import type { Long } from '@grpc/proto-loader';

export interface Member {
  'name'?: (string);
  'address'?: (string);
  'suffrage'?: (string);
  'role'?: (string);
  'healthy'?: (boolean);
  'matchIndex'?: (number | string | Long);
}

export interface Member__Output {
  'name': (string);
  'address': (string);
  'suffrage': (string);
  'role': (string);
  'healthy': (boolean);
  'matchIndex': (number);
}
