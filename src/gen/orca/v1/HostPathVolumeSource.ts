// Original file: proto/orca/v1/core.proto


export interface HostPathVolumeSource {
  'path'?: (string);
  'type'?: (string);
  '_type'?: "type";
}

export interface HostPathVolumeSource__Output {
  'path': (string);
  'type'?: (string);
  '_type'?: "type";
}
