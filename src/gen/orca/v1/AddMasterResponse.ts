// Original file: proto/orca/v1/services.proto


export interface AddMasterResponse {
  'secretKey'?: (Buffer | Uint8Array | string);
  'clusterId'?: (string);
}

export interface AddMasterResponse__Output {
  'secretKey': (Buffer);
  'clusterId': (string);
}
