// Original file: proto/orca/v1/services.proto


export interface SnapshotRequest {
}

export interface SnapshotRequest__Output {
}
