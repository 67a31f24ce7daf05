// Original file: proto/orca/v1/core.proto


export interface Taint {
  'key'?: (string);
  'value'?: (string);
  'effect'?: (string);
  'timeAdded'?: (string);
}

export interface Taint__Output {
  'key': (string);
  'value': (string);
  'effect': (string);
  'timeAdded': (string);
}
