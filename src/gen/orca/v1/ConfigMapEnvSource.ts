// Original file: proto/orca/v1/core.proto


export interface ConfigMapEnvSource {
  'name'?: (string);
  'optional'?: (boolean);
  '_optional'?: "optional";
}

export interface ConfigMapEnvSource__Output {
  'name': (string);
  'optional'?: (boolean);
  '_optional'?: "optional";
}
