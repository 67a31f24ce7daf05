// Original file: proto/orca/v1/core.proto


export interface ResourceFieldSelector {
  'containerName'?: (string);
  'resource'?: (string);
  'divisor'?: (string);
}

export interface ResourceFieldSelector__Output {
  'containerName': (string);
  'resource': (string);
  'divisor': (string);
}
