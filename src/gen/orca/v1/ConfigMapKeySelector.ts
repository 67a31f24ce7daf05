// Original file: proto/orca/v1/core.proto


export interface ConfigMapKeySelector {
  'name'?: (string);
  'key'?: (string);
  'optional'?: (boolean);
  '_optional'?: "optional";
}

export interface ConfigMapKeySelector__Output {
  'name': (string);
  'key': (string);
  'optional'?: (boolean);
  '_optional'?: "optional";
}
