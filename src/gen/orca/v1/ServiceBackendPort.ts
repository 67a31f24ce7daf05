// Original file: proto/orca/v1/networking.proto


export interface ServiceBackendPort {
  'name'?: (string);
  'number'?: (number);
}

export interface ServiceBackendPort__Output {
  'name': (string);
  'number': (number);
}
