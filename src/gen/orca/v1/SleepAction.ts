// Original file: proto/orca/v1/core.proto

import type { Long } from '@grpc/proto-loader';

export interface SleepAction {
  'seconds'?: (number | string | Long);
}

export interface SleepAction__Output {
  'seconds': (number);
}
