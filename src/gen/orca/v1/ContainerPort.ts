// Original file: proto/orca/v1/core.proto


export interface ContainerPort {
  'name'?: (string);
  'hostPort'?: (number);
  'containerPort'?: (number);
  'protocol'?: (string);
  'hostIp'?: (string);
}

export interface ContainerPort__Output {
  'name': (string);
  'hostPort': (number);
  'containerPort': (number);
  'protocol': (string);
  'hostIp': (string);
}
