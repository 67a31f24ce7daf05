// Original file: proto/raft/v1/raft.proto


export interface InstallSnapshotAck {
}

export interface InstallSnapshotAck__Output {
}
