// Original file: proto/orca/v1/core.proto

import type { ExecAction as _orca_v1_ExecAction, ExecAction__Output as _orca_v1_ExecAction__Output } from '../../orca/v1/ExecAction.js';
import type { HTTPGetAction as _orca_v1_HTTPGetAction, HTTPGetAction__Output as _orca_v1_HTTPGetAction__Output } from '../../orca/v1/HTTPGetAction.js';
import type { TCPSocketAction as _orca_v1_TCPSocketAction, TCPSocketAction__Output as _orca_v1_TCPSocketAction__Output } from '../../orca/v1/TCPSocketAction.js';
import type { GRPCAction as _orca_v1_GRPCAction, GRPCAction__Output as _orca_v1_GRPCAction__Output } from '../../orca/v1/GRPCAction.js';
import type { Long } from '@grpc/proto-loader';

export interface Probe {
  'exec'?: (_orca_v1_ExecAction | null);
  'httpGet'?: (_orca_v1_HTTPGetAction | null);
  'tcpSocket'?: (_orca_v1_TCPSocketAction | null);
  'grpc'?: (_orca_v1_GRPCAction | null);
  'initialDelaySeconds'?: (number);
  'timeoutSeconds'?: (number);
  'periodSeconds'?: (number);
  'successThreshold'?: (number);
  'failureThreshold'?: (number);
  'terminationGracePeriodSeconds'?: (number | string | Long);
  '_terminationGracePeriodSeconds'?: "terminationGracePeriodSeconds";
}

export interface Probe__Output {
  'exec': (_orca_v1_ExecAction__Output | null);
  'httpGet': (_orca_v1_HTTPGetAction__Output | null);
  'tcpSocket': (_orca_v1_TCPSocketAction__Output | null);
  'grpc': (_orca_v1_GRPCAction__Output | null);
  'initialDelaySeconds': (number);
  'timeoutSeconds': (number);
  'periodSeconds': (number);
  'successThreshold': (number);
  'failureThreshold': (number);
  'terminationGracePeriodSeconds'?: (number);
  '_terminationGracePeriodSeconds'?: "terminationGracePeriodSeconds";
}
