// Original file: proto/orca/v1/services.proto


export interface JoinResponse {
  'certificatePem'?: (string);
  'caPem'?: (string);
  'clusterToken'?: (string);
  'secretKey'?: (Buffer | Uint8Array | string);
}

export interface JoinResponse__Output {
  'certificatePem': (string);
  'caPem': (string);
  'clusterToken': (string);
  'secretKey': (Buffer);
}
