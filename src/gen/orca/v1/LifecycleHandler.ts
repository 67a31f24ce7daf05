// Original file: proto/orca/v1/core.proto

import type { ExecAction as _orca_v1_ExecAction, ExecAction__Output as _orca_v1_ExecAction__Output } from '../../orca/v1/ExecAction.js';
import type { HTTPGetAction as _orca_v1_HTTPGetAction, HTTPGetAction__Output as _orca_v1_HTTPGetAction__Output } from '../../orca/v1/HTTPGetAction.js';
import type { TCPSocketAction as _orca_v1_TCPSocketAction, TCPSocketAction__Output as _orca_v1_TCPSocketAction__Output } from '../../orca/v1/TCPSocketAction.js';
import type { SleepAction as _orca_v1_SleepAction, SleepAction__Output as _orca_v1_SleepAction__Output } from '../../orca/v1/SleepAction.js';

export interface LifecycleHandler {
  'exec'?: (_orca_v1_ExecAction | null);
  'httpGet'?: (_orca_v1_HTTPGetAction | null);
  'tcpSocket'?: (_orca_v1_TCPSocketAction | null);
  'sleep'?: (_orca_v1_SleepAction | null);
}

export interface LifecycleHandler__Output {
  'exec': (_orca_v1_ExecAction__Output | null);
  'httpGet': (_orca_v1_HTTPGetAction__Output | null);
  'tcpSocket': (_orca_v1_TCPSocketAction__Output | null);
  'sleep': (_orca_v1_SleepAction__Output | null);
}
