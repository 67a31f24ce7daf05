// Original file: proto/orca/v1/services.proto

import type { Long } from '@grpc/proto-loader';

export interface ServiceAccountTokenRequest {
  'namespace'?: (string);
  'name'?: (string);
  'audiences'?: (string)[];
  'expirationSeconds'?: (number | string | Long);
  'podName'?: (string);
  'podUid'?: (string);
}

export interface ServiceAccountTokenRequest__Output {
  'namespace': (string);
  'name': (string);
  'audiences': (string)[];
  'expirationSeconds': (number);
  'podName': (string);
  'podUid': (string);
}
