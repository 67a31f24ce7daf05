// Original file: proto/orca/v1/meta.proto

import type { Long } from '@grpc/proto-loader';

export interface ListMeta {
  'resourceVersion'?: (string);
  'continue'?: (string);
  'remainingItemCount'?: (number | string | Long);
  '_remainingItemCount'?: "remainingItemCount";
}

export interface ListMeta__Output {
  'resourceVersion': (string);
  'continue': (string);
  'remainingItemCount'?: (number);
  '_remainingItemCount'?: "remainingItemCount";
}
