// Original file: proto/orca/v1/core.proto


export interface PodReadinessGate {
  'conditionType'?: (string);
}

export interface PodReadinessGate__Output {
  'conditionType': (string);
}
