// Original file: proto/orca/v1/services.proto


export interface MembersRequest {
}

export interface MembersRequest__Output {
}
