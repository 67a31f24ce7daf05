// Original file: proto/orca/v1/services.proto


export interface AddMasterRequest {
  'name'?: (string);
  'address'?: (string);
}

export interface AddMasterRequest__Output {
  'name': (string);
  'address': (string);
}
