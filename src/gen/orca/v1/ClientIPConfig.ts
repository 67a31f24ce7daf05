// Original file: proto/orca/v1/core.proto


export interface ClientIPConfig {
  'timeoutSeconds'?: (number);
  '_timeoutSeconds'?: "timeoutSeconds";
}

export interface ClientIPConfig__Output {
  'timeoutSeconds'?: (number);
  '_timeoutSeconds'?: "timeoutSeconds";
}
