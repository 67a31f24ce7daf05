// Original file: proto/orca/v1/core.proto


export interface LoadBalancerIngress {
  'ip'?: (string);
  'hostname'?: (string);
}

export interface LoadBalancerIngress__Output {
  'ip': (string);
  'hostname': (string);
}
