// Original file: proto/orca/v1/core.proto


export interface GRPCAction {
  'port'?: (number);
  'service'?: (string);
  '_service'?: "service";
}

export interface GRPCAction__Output {
  'port': (number);
  'service'?: (string);
  '_service'?: "service";
}
