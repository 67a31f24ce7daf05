// Original file: proto/orca/v1/core.proto

import type { PodDNSConfigOption as _orca_v1_PodDNSConfigOption, PodDNSConfigOption__Output as _orca_v1_PodDNSConfigOption__Output } from '../../orca/v1/PodDNSConfigOption.js';

export interface PodDNSConfig {
  'nameservers'?: (string)[];
  'searches'?: (string)[];
  'options'?: (_orca_v1_PodDNSConfigOption)[];
}

export interface PodDNSConfig__Output {
  'nameservers': (string)[];
  'searches': (string)[];
  'options': (_orca_v1_PodDNSConfigOption__Output)[];
}
