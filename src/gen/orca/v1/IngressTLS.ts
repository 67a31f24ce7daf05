// Original file: proto/orca/v1/networking.proto


export interface IngressTLS {
  'hosts'?: (string)[];
  'secretName'?: (string);
}

export interface IngressTLS__Output {
  'hosts': (string)[];
  'secretName': (string);
}
