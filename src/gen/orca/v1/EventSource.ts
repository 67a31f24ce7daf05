// Original file: proto/orca/v1/core.proto


export interface EventSource {
  'component'?: (string);
  'host'?: (string);
}

export interface EventSource__Output {
  'component': (string);
  'host': (string);
}
