// Original file: proto/orca/v1/core.proto


export interface ExecAction {
  'command'?: (string)[];
}

export interface ExecAction__Output {
  'command': (string)[];
}
