// Original file: proto/orca/v1/networking.proto

import type { IngressBackend as _orca_v1_IngressBackend, IngressBackend__Output as _orca_v1_IngressBackend__Output } from '../../orca/v1/IngressBackend.js';
import type { IngressTLS as _orca_v1_IngressTLS, IngressTLS__Output as _orca_v1_IngressTLS__Output } from '../../orca/v1/IngressTLS.js';
import type { IngressRule as _orca_v1_IngressRule, IngressRule__Output as _orca_v1_IngressRule__Output } from '../../orca/v1/IngressRule.js';

export interface IngressSpec {
  'ingressClassName'?: (string);
  'defaultBackend'?: (_orca_v1_IngressBackend | null);
  'tls'?: (_orca_v1_IngressTLS)[];
  'rules'?: (_orca_v1_IngressRule)[];
  '_ingressClassName'?: "ingressClassName";
}

export interface IngressSpec__Output {
  'ingressClassName'?: (string);
  'defaultBackend': (_orca_v1_IngressBackend__Output | null);
  'tls': (_orca_v1_IngressTLS__Output)[];
  'rules': (_orca_v1_IngressRule__Output)[];
  '_ingressClassName'?: "ingressClassName";
}
