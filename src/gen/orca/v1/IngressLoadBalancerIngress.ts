// Original file: proto/orca/v1/networking.proto


export interface IngressLoadBalancerIngress {
  'ip'?: (string);
  'hostname'?: (string);
}

export interface IngressLoadBalancerIngress__Output {
  'ip': (string);
  'hostname': (string);
}
