// Original file: proto/orca/v1/core.proto


export interface SecretKeySelector {
  'name'?: (string);
  'key'?: (string);
  'optional'?: (boolean);
  '_optional'?: "optional";
}

export interface SecretKeySelector__Output {
  'name': (string);
  'key': (string);
  'optional'?: (boolean);
  '_optional'?: "optional";
}
