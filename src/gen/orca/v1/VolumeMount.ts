// Original file: proto/orca/v1/core.proto


export interface VolumeMount {
  'name'?: (string);
  'readOnly'?: (boolean);
  'mountPath'?: (string);
  'subPath'?: (string);
  'mountPropagation'?: (string);
  '_mountPropagation'?: "mountPropagation";
}

export interface VolumeMount__Output {
  'name': (string);
  'readOnly': (boolean);
  'mountPath': (string);
  'subPath': (string);
  'mountPropagation'?: (string);
  '_mountPropagation'?: "mountPropagation";
}
