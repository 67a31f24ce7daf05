// Original file: proto/orca/v1/services.proto


export interface RemoveMasterResponse {
}

export interface RemoveMasterResponse__Output {
}
