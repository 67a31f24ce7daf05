// Original file: proto/orca/v1/services.proto


export interface ServiceAccountTokenResponse {
  'token'?: (string);
  'expiration'?: (string);
  'caPem'?: (string);
}

export interface ServiceAccountTokenResponse__Output {
  'token': (string);
  'expiration': (string);
  'caPem': (string);
}
