// Original file: proto/raft/v1/testkv.proto


export interface GetRequest {
  'key'?: (string);
  'stale'?: (boolean);
}

export interface GetRequest__Output {
  'key': (string);
  'stale': (boolean);
}
