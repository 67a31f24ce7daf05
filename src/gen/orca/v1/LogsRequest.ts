// Original file: proto/orca/v1/worker.proto


export interface LogsRequest {
  'namespace'?: (string);
  'pod'?: (string);
  'container'?: (string);
  'follow'?: (boolean);
  'previous'?: (boolean);
  'tailLines'?: (number);
  'timestamps'?: (boolean);
}

export interface LogsRequest__Output {
  'namespace': (string);
  'pod': (string);
  'container': (string);
  'follow': (boolean);
  'previous': (boolean);
  'tailLines': (number);
  'timestamps': (boolean);
}
