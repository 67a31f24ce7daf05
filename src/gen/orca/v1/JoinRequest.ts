// Original file: proto/orca/v1/services.proto


export interface JoinRequest {
  'token'?: (string);
  'csrPem'?: (string);
  'name'?: (string);
  'role'?: (string);
  'addresses'?: (string)[];
}

export interface JoinRequest__Output {
  'token': (string);
  'csrPem': (string);
  'name': (string);
  'role': (string);
  'addresses': (string)[];
}
