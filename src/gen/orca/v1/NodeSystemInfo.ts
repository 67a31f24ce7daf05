// Original file: proto/orca/v1/core.proto


export interface NodeSystemInfo {
  'machineId'?: (string);
  'systemUuid'?: (string);
  'bootId'?: (string);
  'kernelVersion'?: (string);
  'osImage'?: (string);
  'containerRuntimeVersion'?: (string);
  'kubeletVersion'?: (string);
  'kubeProxyVersion'?: (string);
  'operatingSystem'?: (string);
  'architecture'?: (string);
}

export interface NodeSystemInfo__Output {
  'machineId': (string);
  'systemUuid': (string);
  'bootId': (string);
  'kernelVersion': (string);
  'osImage': (string);
  'containerRuntimeVersion': (string);
  'kubeletVersion': (string);
  'kubeProxyVersion': (string);
  'operatingSystem': (string);
  'architecture': (string);
}
