// Original file: proto/orca/v1/storage.proto


export interface VolumeResourceRequirements {
  'limits'?: ({[key: string]: string});
  'requests'?: ({[key: string]: string});
}

export interface VolumeResourceRequirements__Output {
  'limits': ({[key: string]: string});
  'requests': ({[key: string]: string});
}
