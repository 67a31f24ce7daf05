// Original file: proto/orca/v1/core.proto


export interface Capabilities {
  'add'?: (string)[];
  'drop'?: (string)[];
}

export interface Capabilities__Output {
  'add': (string)[];
  'drop': (string)[];
}
