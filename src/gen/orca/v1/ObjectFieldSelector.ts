// Original file: proto/orca/v1/core.proto


export interface ObjectFieldSelector {
  'apiVersion'?: (string);
  'fieldPath'?: (string);
}

export interface ObjectFieldSelector__Output {
  'apiVersion': (string);
  'fieldPath': (string);
}
