// Original file: proto/orca/v1/worker.proto

import type { PodStreamChannel as _orca_v1_PodStreamChannel, PodStreamChannel__Output as _orca_v1_PodStreamChannel__Output } from '../../orca/v1/PodStreamChannel.js';

export interface PodStreamData {
  'channel'?: (_orca_v1_PodStreamChannel);
  'data'?: (Buffer | Uint8Array | string);
}

export interface PodStreamData__Output {
  'channel': (_orca_v1_PodStreamChannel__Output);
  'data': (Buffer);
}
