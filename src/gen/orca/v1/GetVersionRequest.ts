// Original file: proto/orca/v1/version.proto


export interface GetVersionRequest {
}

export interface GetVersionRequest__Output {
}
