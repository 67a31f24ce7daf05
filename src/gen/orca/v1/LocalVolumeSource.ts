// Original file: proto/orca/v1/storage.proto


export interface LocalVolumeSource {
  'path'?: (string);
  'fsType'?: (string);
  '_fsType'?: "fsType";
}

export interface LocalVolumeSource__Output {
  'path': (string);
  'fsType'?: (string);
  '_fsType'?: "fsType";
}
