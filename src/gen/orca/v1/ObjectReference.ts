// Original file: proto/orca/v1/meta.proto


export interface ObjectReference {
  'kind'?: (string);
  'namespace'?: (string);
  'name'?: (string);
  'uid'?: (string);
  'apiVersion'?: (string);
  'resourceVersion'?: (string);
  'fieldPath'?: (string);
}

export interface ObjectReference__Output {
  'kind': (string);
  'namespace': (string);
  'name': (string);
  'uid': (string);
  'apiVersion': (string);
  'resourceVersion': (string);
  'fieldPath': (string);
}
