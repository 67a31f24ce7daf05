// Original file: proto/orca/v1/services.proto


export interface ReadIndexRequest {
}

export interface ReadIndexRequest__Output {
}
