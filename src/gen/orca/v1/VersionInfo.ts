// Original file: proto/orca/v1/version.proto


export interface VersionInfo {
  'version'?: (string);
  'nodeVersion'?: (string);
  'apiVersion'?: (number);
}

export interface VersionInfo__Output {
  'version': (string);
  'nodeVersion': (string);
  'apiVersion': (number);
}
