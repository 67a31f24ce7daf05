// Original file: proto/orca/v1/core.proto


export interface ContainerStateWaiting {
  'reason'?: (string);
  'message'?: (string);
}

export interface ContainerStateWaiting__Output {
  'reason': (string);
  'message': (string);
}
