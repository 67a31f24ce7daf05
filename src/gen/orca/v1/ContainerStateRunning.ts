// Original file: proto/orca/v1/core.proto


export interface ContainerStateRunning {
  'startedAt'?: (string);
}

export interface ContainerStateRunning__Output {
  'startedAt': (string);
}
