// Original file: proto/orca/v1/meta.proto


export interface LocalObjectReference {
  'name'?: (string);
}

export interface LocalObjectReference__Output {
  'name': (string);
}
