// Original file: proto/orca/v1/worker.proto


export interface ExecRequest {
  'namespace'?: (string);
  'pod'?: (string);
  'container'?: (string);
  'command'?: (string)[];
  'timeoutSeconds'?: (number);
}

export interface ExecRequest__Output {
  'namespace': (string);
  'pod': (string);
  'container': (string);
  'command': (string)[];
  'timeoutSeconds': (number);
}
