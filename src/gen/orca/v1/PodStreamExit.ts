// Original file: proto/orca/v1/worker.proto


export interface PodStreamExit {
  'exitCode'?: (number);
  'error'?: (string);
}

export interface PodStreamExit__Output {
  'exitCode': (number);
  'error': (string);
}
