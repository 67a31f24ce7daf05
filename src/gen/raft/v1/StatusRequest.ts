// Original file: proto/raft/v1/testkv.proto


export interface StatusRequest {
}

export interface StatusRequest__Output {
}
