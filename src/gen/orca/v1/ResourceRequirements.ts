// Original file: proto/orca/v1/core.proto


export interface ResourceRequirements {
  'limits'?: ({[key: string]: string});
  'requests'?: ({[key: string]: string});
}

export interface ResourceRequirements__Output {
  'limits': ({[key: string]: string});
  'requests': ({[key: string]: string});
}
