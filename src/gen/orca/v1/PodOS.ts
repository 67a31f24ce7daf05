// Original file: proto/orca/v1/core.proto


export interface PodOS {
  'name'?: (string);
}

export interface PodOS__Output {
  'name': (string);
}
