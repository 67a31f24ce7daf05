// Original file: proto/orca/v1/core.proto


export interface HTTPHeader {
  'name'?: (string);
  'value'?: (string);
}

export interface HTTPHeader__Output {
  'name': (string);
  'value': (string);
}
