// Original file: proto/orca/v1/worker.proto

import type { PodStreamOpen as _orca_v1_PodStreamOpen, PodStreamOpen__Output as _orca_v1_PodStreamOpen__Output } from '../../orca/v1/PodStreamOpen.js';
import type { PodStreamData as _orca_v1_PodStreamData, PodStreamData__Output as _orca_v1_PodStreamData__Output } from '../../orca/v1/PodStreamData.js';
import type { TerminalSize as _orca_v1_TerminalSize, TerminalSize__Output as _orca_v1_TerminalSize__Output } from '../../orca/v1/TerminalSize.js';
import type { PodStreamCloseChannel as _orca_v1_PodStreamCloseChannel, PodStreamCloseChannel__Output as _orca_v1_PodStreamCloseChannel__Output } from '../../orca/v1/PodStreamCloseChannel.js';
import type { PodStreamStarted as _orca_v1_PodStreamStarted, PodStreamStarted__Output as _orca_v1_PodStreamStarted__Output } from '../../orca/v1/PodStreamStarted.js';
import type { PodStreamExit as _orca_v1_PodStreamExit, PodStreamExit__Output as _orca_v1_PodStreamExit__Output } from '../../orca/v1/PodStreamExit.js';

export interface PodStreamFrame {
  'open'?: (_orca_v1_PodStreamOpen | null);
  'data'?: (_orca_v1_PodStreamData | null);
  'resize'?: (_orca_v1_TerminalSize | null);
  'close'?: (_orca_v1_PodStreamCloseChannel | null);
  'started'?: (_orca_v1_PodStreamStarted | null);
  'exit'?: (_orca_v1_PodStreamExit | null);
  'frame'?: "open"|"data"|"resize"|"close"|"started"|"exit";
}

export interface PodStreamFrame__Output {
  'open'?: (_orca_v1_PodStreamOpen__Output | null);
  'data'?: (_orca_v1_PodStreamData__Output | null);
  'resize'?: (_orca_v1_TerminalSize__Output | null);
  'close'?: (_orca_v1_PodStreamCloseChannel__Output | null);
  'started'?: (_orca_v1_PodStreamStarted__Output | null);
  'exit'?: (_orca_v1_PodStreamExit__Output | null);
  'frame'?: "open"|"data"|"resize"|"close"|"started"|"exit";
}
