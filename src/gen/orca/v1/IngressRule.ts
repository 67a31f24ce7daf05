// Original file: proto/orca/v1/networking.proto

import type { HTTPIngressRuleValue as _orca_v1_HTTPIngressRuleValue, HTTPIngressRuleValue__Output as _orca_v1_HTTPIngressRuleValue__Output } from '../../orca/v1/HTTPIngressRuleValue.js';

export interface IngressRule {
  'host'?: (string);
  'http'?: (_orca_v1_HTTPIngressRuleValue | null);
}

export interface IngressRule__Output {
  'host': (string);
  'http': (_orca_v1_HTTPIngressRuleValue__Output | null);
}
