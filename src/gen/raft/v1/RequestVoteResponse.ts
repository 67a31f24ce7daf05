// Original file: proto/raft/v1/raft.proto


export interface RequestVoteResponse {
  'preVote'?: (boolean);
  'granted'?: (boolean);
}

export interface RequestVoteResponse__Output {
  'preVote': (boolean);
  'granted': (boolean);
}
