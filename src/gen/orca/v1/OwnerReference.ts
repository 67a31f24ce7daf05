// Original file: proto/orca/v1/meta.proto


export interface OwnerReference {
  'apiVersion'?: (string);
  'kind'?: (string);
  'name'?: (string);
  'uid'?: (string);
  'controller'?: (boolean);
  'blockOwnerDeletion'?: (boolean);
  '_controller'?: "controller";
  '_blockOwnerDeletion'?: "blockOwnerDeletion";
}

export interface OwnerReference__Output {
  'apiVersion': (string);
  'kind': (string);
  'name': (string);
  'uid': (string);
  'controller'?: (boolean);
  'blockOwnerDeletion'?: (boolean);
  '_controller'?: "controller";
  '_blockOwnerDeletion'?: "blockOwnerDeletion";
}
