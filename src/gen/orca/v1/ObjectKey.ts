// Original file: proto/orca/v1/services.proto


export interface ObjectKey {
  'kind'?: (string);
  'namespace'?: (string);
  'name'?: (string);
}

export interface ObjectKey__Output {
  'kind': (string);
  'namespace': (string);
  'name': (string);
}
