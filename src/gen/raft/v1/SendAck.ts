// Original file: proto/raft/v1/raft.proto


export interface SendAck {
}

export interface SendAck__Output {
}
