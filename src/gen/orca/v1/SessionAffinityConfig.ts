// Original file: proto/orca/v1/core.proto

import type { ClientIPConfig as _orca_v1_ClientIPConfig, ClientIPConfig__Output as _orca_v1_ClientIPConfig__Output } from '../../orca/v1/ClientIPConfig.js';

export interface SessionAffinityConfig {
  'clientIp'?: (_orca_v1_ClientIPConfig | null);
}

export interface SessionAffinityConfig__Output {
  'clientIp': (_orca_v1_ClientIPConfig__Output | null);
}
