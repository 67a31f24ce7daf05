// Original file: proto/orca/v1/networking.proto


export interface IngressClassParametersReference {
  'apiGroup'?: (string);
  'kind'?: (string);
  'name'?: (string);
  'scope'?: (string);
  'namespace'?: (string);
  '_apiGroup'?: "apiGroup";
  '_scope'?: "scope";
  '_namespace'?: "namespace";
}

export interface IngressClassParametersReference__Output {
  'apiGroup'?: (string);
  'kind': (string);
  'name': (string);
  'scope'?: (string);
  'namespace'?: (string);
  '_apiGroup'?: "apiGroup";
  '_scope'?: "scope";
  '_namespace'?: "namespace";
}
