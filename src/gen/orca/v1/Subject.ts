// Original file: proto/orca/v1/rbac.proto


export interface Subject {
  'kind'?: (string);
  'apiGroup'?: (string);
  'name'?: (string);
  'namespace'?: (string);
}

export interface Subject__Output {
  'kind': (string);
  'apiGroup': (string);
  'name': (string);
  'namespace': (string);
}
