// Original file: proto/orca/v1/apps.proto


export interface StatefulSetPersistentVolumeClaimRetentionPolicy {
  'whenDeleted'?: (string);
  'whenScaled'?: (string);
}

export interface StatefulSetPersistentVolumeClaimRetentionPolicy__Output {
  'whenDeleted': (string);
  'whenScaled': (string);
}
