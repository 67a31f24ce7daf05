// Original file: proto/orca/v1/worker.proto

import type { PodStreamChannel as _orca_v1_PodStreamChannel, PodStreamChannel__Output as _orca_v1_PodStreamChannel__Output } from '../../orca/v1/PodStreamChannel.js';

export interface PodStreamCloseChannel {
  'channel'?: (_orca_v1_PodStreamChannel);
}

export interface PodStreamCloseChannel__Output {
  'channel': (_orca_v1_PodStreamChannel__Output);
}
