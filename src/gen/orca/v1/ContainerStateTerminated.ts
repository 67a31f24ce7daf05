// Original file: proto/orca/v1/core.proto


export interface ContainerStateTerminated {
  'exitCode'?: (number);
  'signal'?: (number);
  'reason'?: (string);
  'message'?: (string);
  'startedAt'?: (string);
  'finishedAt'?: (string);
  'containerId'?: (string);
}

export interface ContainerStateTerminated__Output {
  'exitCode': (number);
  'signal': (number);
  'reason': (string);
  'message': (string);
  'startedAt': (string);
  'finishedAt': (string);
  'containerId': (string);
}
