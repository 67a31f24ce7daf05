// Original file: proto/orca/v1/rbac.proto


export interface RoleRef {
  'apiGroup'?: (string);
  'kind'?: (string);
  'name'?: (string);
}

export interface RoleRef__Output {
  'apiGroup': (string);
  'kind': (string);
  'name': (string);
}
