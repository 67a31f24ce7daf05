// Original file: proto/orca/v1/services.proto


export interface SnapshotChunk {
  'data'?: (Buffer | Uint8Array | string);
}

export interface SnapshotChunk__Output {
  'data': (Buffer);
}
