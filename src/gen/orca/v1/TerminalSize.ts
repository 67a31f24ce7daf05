// Original file: proto/orca/v1/worker.proto


export interface TerminalSize {
  'width'?: (number);
  'height'?: (number);
}

export interface TerminalSize__Output {
  'width': (number);
  'height': (number);
}
