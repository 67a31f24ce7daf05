// Original file: proto/orca/v1/core.proto


export interface EmptyDirVolumeSource {
  'medium'?: (string);
  'sizeLimit'?: (string);
  '_sizeLimit'?: "sizeLimit";
}

export interface EmptyDirVolumeSource__Output {
  'medium': (string);
  'sizeLimit'?: (string);
  '_sizeLimit'?: "sizeLimit";
}
