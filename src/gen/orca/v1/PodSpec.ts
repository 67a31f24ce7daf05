// Original file: proto/orca/v1/core.proto

import type { Volume as _orca_v1_Volume, Volume__Output as _orca_v1_Volume__Output } from '../../orca/v1/Volume.js';
import type { Container as _orca_v1_Container, Container__Output as _orca_v1_Container__Output } from '../../orca/v1/Container.js';
import type { PodSecurityContext as _orca_v1_PodSecurityContext, PodSecurityContext__Output as _orca_v1_PodSecurityContext__Output } from '../../orca/v1/PodSecurityContext.js';
import type { LocalObjectReference as _orca_v1_LocalObjectReference, LocalObjectReference__Output as _orca_v1_LocalObjectReference__Output } from '../../orca/v1/LocalObjectReference.js';
import type { Affinity as _orca_v1_Affinity, Affinity__Output as _orca_v1_Affinity__Output } from '../../orca/v1/Affinity.js';
import type { Toleration as _orca_v1_Toleration, Toleration__Output as _orca_v1_Toleration__Output } from '../../orca/v1/Toleration.js';
import type { Long } from '@grpc/proto-loader';

export interface PodSpec {
  'volumes'?: (_orca_v1_Volume)[];
  'initContainers'?: (_orca_v1_Container)[];
  'containers'?: (_orca_v1_Container)[];
  'restartPolicy'?: (string);
  'terminationGracePeriodSeconds'?: (number | string | Long);
  'activeDeadlineSeconds'?: (number | string | Long);
  'dnsPolicy'?: (string);
  'nodeSelector'?: ({[key: string]: string});
  'serviceAccountName'?: (string);
  'automountServiceAccountToken'?: (boolean);
  'nodeName'?: (string);
  'hostNetwork'?: (boolean);
  'hostPid'?: (boolean);
  'hostIpc'?: (boolean);
  'securityContext'?: (_orca_v1_PodSecurityContext | null);
  'imagePullSecrets'?: (_orca_v1_LocalObjectReference)[];
  'hostname'?: (string);
  'subdomain'?: (string);
  'affinity'?: (_orca_v1_Affinity | null);
  'schedulerName'?: (string);
  'tolerations'?: (_orca_v1_Toleration)[];
  'priorityClassName'?: (string);
  'priority'?: (number);
  'enableServiceLinks'?: (boolean);
  '_terminationGracePeriodSeconds'?: "terminationGracePeriodSeconds";
  '_activeDeadlineSeconds'?: "activeDeadlineSeconds";
  '_automountServiceAccountToken'?: "automountServiceAccountToken";
  '_priority'?: "priority";
  '_enableServiceLinks'?: "enableServiceLinks";
}

export interface PodSpec__Output {
  'volumes': (_orca_v1_Volume__Output)[];
  'initContainers': (_orca_v1_Container__Output)[];
  'containers': (_orca_v1_Container__Output)[];
  'restartPolicy': (string);
  'terminationGracePeriodSeconds'?: (number);
  'activeDeadlineSeconds'?: (number);
  'dnsPolicy': (string);
  'nodeSelector': ({[key: string]: string});
  'serviceAccountName': (string);
  'automountServiceAccountToken'?: (boolean);
  'nodeName': (string);
  'hostNetwork': (boolean);
  'hostPid': (boolean);
  'hostIpc': (boolean);
  'securityContext': (_orca_v1_PodSecurityContext__Output | null);
  'imagePullSecrets': (_orca_v1_LocalObjectReference__Output)[];
  'hostname': (string);
  'subdomain': (string);
  'affinity': (_orca_v1_Affinity__Output | null);
  'schedulerName': (string);
  'tolerations': (_orca_v1_Toleration__Output)[];
  'priorityClassName': (string);
  'priority'?: (number);
  'enableServiceLinks'?: (boolean);
  '_terminationGracePeriodSeconds'?: "terminationGracePeriodSeconds";
  '_activeDeadlineSeconds'?: "activeDeadlineSeconds";
  '_automountServiceAccountToken'?: "automountServiceAccountToken";
  '_priority'?: "priority";
  '_enableServiceLinks'?: "enableServiceLinks";
}
