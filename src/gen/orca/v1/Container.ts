// Original file: proto/orca/v1/core.proto

import type { ContainerPort as _orca_v1_ContainerPort, ContainerPort__Output as _orca_v1_ContainerPort__Output } from '../../orca/v1/ContainerPort.js';
import type { EnvVar as _orca_v1_EnvVar, EnvVar__Output as _orca_v1_EnvVar__Output } from '../../orca/v1/EnvVar.js';
import type { EnvFromSource as _orca_v1_EnvFromSource, EnvFromSource__Output as _orca_v1_EnvFromSource__Output } from '../../orca/v1/EnvFromSource.js';
import type { ResourceRequirements as _orca_v1_ResourceRequirements, ResourceRequirements__Output as _orca_v1_ResourceRequirements__Output } from '../../orca/v1/ResourceRequirements.js';
import type { VolumeMount as _orca_v1_VolumeMount, VolumeMount__Output as _orca_v1_VolumeMount__Output } from '../../orca/v1/VolumeMount.js';
import type { Probe as _orca_v1_Probe, Probe__Output as _orca_v1_Probe__Output } from '../../orca/v1/Probe.js';
import type { Lifecycle as _orca_v1_Lifecycle, Lifecycle__Output as _orca_v1_Lifecycle__Output } from '../../orca/v1/Lifecycle.js';
import type { SecurityContext as _orca_v1_SecurityContext, SecurityContext__Output as _orca_v1_SecurityContext__Output } from '../../orca/v1/SecurityContext.js';

export interface Container {
  'name'?: (string);
  'image'?: (string);
  'command'?: (string)[];
  'args'?: (string)[];
  'workingDir'?: (string);
  'ports'?: (_orca_v1_ContainerPort)[];
  'env'?: (_orca_v1_EnvVar)[];
  'envFrom'?: (_orca_v1_EnvFromSource)[];
  'resources'?: (_orca_v1_ResourceRequirements | null);
  'volumeMounts'?: (_orca_v1_VolumeMount)[];
  'livenessProbe'?: (_orca_v1_Probe | null);
  'readinessProbe'?: (_orca_v1_Probe | null);
  'startupProbe'?: (_orca_v1_Probe | null);
  'lifecycle'?: (_orca_v1_Lifecycle | null);
  'imagePullPolicy'?: (string);
  'securityContext'?: (_orca_v1_SecurityContext | null);
  'stdin'?: (boolean);
  'tty'?: (boolean);
  'terminationMessagePath'?: (string);
  'terminationMessagePolicy'?: (string);
  'restartPolicy'?: (string);
  'stdinOnce'?: (boolean);
  '_restartPolicy'?: "restartPolicy";
}

export interface Container__Output {
  'name': (string);
  'image': (string);
  'command': (string)[];
  'args': (string)[];
  'workingDir': (string);
  'ports': (_orca_v1_ContainerPort__Output)[];
  'env': (_orca_v1_EnvVar__Output)[];
  'envFrom': (_orca_v1_EnvFromSource__Output)[];
  'resources': (_orca_v1_ResourceRequirements__Output | null);
  'volumeMounts': (_orca_v1_VolumeMount__Output)[];
  'livenessProbe': (_orca_v1_Probe__Output | null);
  'readinessProbe': (_orca_v1_Probe__Output | null);
  'startupProbe': (_orca_v1_Probe__Output | null);
  'lifecycle': (_orca_v1_Lifecycle__Output | null);
  'imagePullPolicy': (string);
  'securityContext': (_orca_v1_SecurityContext__Output | null);
  'stdin': (boolean);
  'tty': (boolean);
  'terminationMessagePath': (string);
  'terminationMessagePolicy': (string);
  'restartPolicy'?: (string);
  'stdinOnce': (boolean);
  '_restartPolicy'?: "restartPolicy";
}
