// Original file: proto/orca/v1/storage.proto


export interface PersistentVolumeStatus {
  'phase'?: (string);
  'message'?: (string);
  'reason'?: (string);
  'lastPhaseTransitionTime'?: (string);
}

export interface PersistentVolumeStatus__Output {
  'phase': (string);
  'message': (string);
  'reason': (string);
  'lastPhaseTransitionTime': (string);
}
