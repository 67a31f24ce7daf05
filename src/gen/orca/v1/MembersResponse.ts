// Original file: proto/orca/v1/services.proto

import type { Member as _orca_v1_Member, Member__Output as _orca_v1_Member__Output } from '../../orca/v1/Member.js';
import type { Long } from '@grpc/proto-loader';

export interface MembersResponse {
  'members'?: (_orca_v1_Member)[];
  'leader'?: (string);
  'leaderAddress'?: (string);
  'term'?: (number | string | Long);
  'commitIndex'?: (number | string | Long);
  'appliedIndex'?: (number | string | Long);
  'httpAddress'?: (string);
}

export interface MembersResponse__Output {
  'members': (_orca_v1_Member__Output)[];
  'leader': (string);
  'leaderAddress': (string);
  'term': (number);
  'commitIndex': (number);
  'appliedIndex': (number);
  'httpAddress': (string);
}
