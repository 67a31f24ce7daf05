// Original file: proto/orca/v1/services.proto

import type { Object as _orca_v1_Object, Object__Output as _orca_v1_Object__Output } from '../../orca/v1/Object.js';
import type { WatchEvent as _orca_v1_WatchEvent, WatchEvent__Output as _orca_v1_WatchEvent__Output } from '../../orca/v1/WatchEvent.js';

export interface WatchEvent {
  'type'?: (string);
  'object'?: (_orca_v1_Object | null);
  'resourceVersion'?: (string);
  'more'?: (_orca_v1_WatchEvent)[];
}

export interface WatchEvent__Output {
  'type': (string);
  'object': (_orca_v1_Object__Output | null);
  'resourceVersion': (string);
  'more': (_orca_v1_WatchEvent__Output)[];
}
