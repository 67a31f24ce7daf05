// Original file: proto/orca/v1/core.proto


export interface VolumeMountStatus {
  'name'?: (string);
  'mountPath'?: (string);
  'readOnly'?: (boolean);
  'recursiveReadOnly'?: (string);
  '_recursiveReadOnly'?: "recursiveReadOnly";
}

export interface VolumeMountStatus__Output {
  'name': (string);
  'mountPath': (string);
  'readOnly': (boolean);
  'recursiveReadOnly'?: (string);
  '_recursiveReadOnly'?: "recursiveReadOnly";
}
