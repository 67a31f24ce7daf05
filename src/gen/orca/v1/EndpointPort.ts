// Original file: proto/orca/v1/core.proto


export interface EndpointPort {
  'name'?: (string);
  'port'?: (number);
  'protocol'?: (string);
  'appProtocol'?: (string);
  '_appProtocol'?: "appProtocol";
}

export interface EndpointPort__Output {
  'name': (string);
  'port': (number);
  'protocol': (string);
  'appProtocol'?: (string);
  '_appProtocol'?: "appProtocol";
}
