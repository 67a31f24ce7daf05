// Original file: proto/orca/v1/services.proto


export interface RemoveMasterRequest {
  'name'?: (string);
}

export interface RemoveMasterRequest__Output {
  'name': (string);
}
