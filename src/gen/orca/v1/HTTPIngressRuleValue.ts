// Original file: proto/orca/v1/networking.proto

import type { HTTPIngressPath as _orca_v1_HTTPIngressPath, HTTPIngressPath__Output as _orca_v1_HTTPIngressPath__Output } from '../../orca/v1/HTTPIngressPath.js';

export interface HTTPIngressRuleValue {
  'paths'?: (_orca_v1_HTTPIngressPath)[];
}

export interface HTTPIngressRuleValue__Output {
  'paths': (_orca_v1_HTTPIngressPath__Output)[];
}
