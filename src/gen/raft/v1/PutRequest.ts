// Original file: proto/raft/v1/testkv.proto


export interface PutRequest {
  'key'?: (string);
  'value'?: (string);
}

export interface PutRequest__Output {
  'key': (string);
  'value': (string);
}
