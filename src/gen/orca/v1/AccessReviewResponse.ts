// Original file: proto/orca/v1/services.proto


export interface AccessReviewResponse {
  'allowed'?: (boolean);
  'reason'?: (string);
  'user'?: (string);
  'groups'?: (string)[];
}

export interface AccessReviewResponse__Output {
  'allowed': (boolean);
  'reason': (string);
  'user': (string);
  'groups': (string)[];
}
