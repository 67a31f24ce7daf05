// Original file: proto/orca/v1/coordination.proto


export interface LeaseSpec {
  'holderIdentity'?: (string);
  'leaseDurationSeconds'?: (number);
  'acquireTime'?: (string);
  'renewTime'?: (string);
  'leaseTransitions'?: (number);
  '_holderIdentity'?: "holderIdentity";
  '_leaseDurationSeconds'?: "leaseDurationSeconds";
  '_leaseTransitions'?: "leaseTransitions";
}

export interface LeaseSpec__Output {
  'holderIdentity'?: (string);
  'leaseDurationSeconds'?: (number);
  'acquireTime': (string);
  'renewTime': (string);
  'leaseTransitions'?: (number);
  '_holderIdentity'?: "holderIdentity";
  '_leaseDurationSeconds'?: "leaseDurationSeconds";
  '_leaseTransitions'?: "leaseTransitions";
}
