// Original file: proto/orca/v1/worker.proto

import type { PodStreamKind as _orca_v1_PodStreamKind, PodStreamKind__Output as _orca_v1_PodStreamKind__Output } from '../../orca/v1/PodStreamKind.js';
import type { TerminalSize as _orca_v1_TerminalSize, TerminalSize__Output as _orca_v1_TerminalSize__Output } from '../../orca/v1/TerminalSize.js';

export interface PodStreamOpen {
  'namespace'?: (string);
  'pod'?: (string);
  'container'?: (string);
  'kind'?: (_orca_v1_PodStreamKind);
  'command'?: (string)[];
  'stdin'?: (boolean);
  'stdout'?: (boolean);
  'stderr'?: (boolean);
  'tty'?: (boolean);
  'port'?: (number);
  'size'?: (_orca_v1_TerminalSize | null);
}

export interface PodStreamOpen__Output {
  'namespace': (string);
  'pod': (string);
  'container': (string);
  'kind': (_orca_v1_PodStreamKind__Output);
  'command': (string)[];
  'stdin': (boolean);
  'stdout': (boolean);
  'stderr': (boolean);
  'tty': (boolean);
  'port': (number);
  'size': (_orca_v1_TerminalSize__Output | null);
}
