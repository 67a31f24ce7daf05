// Original file: proto/orca/v1/worker.proto


export interface PodStreamStarted {
}

export interface PodStreamStarted__Output {
}
