// Kubernetes spells acronyms in capitals (podIP, clusterIPs, podCIDR), which the
// proto's snake_case → camelCase mapping cannot produce (pod_ip → podIp). These
// are the only names where the model and the YAML differ.
const kubernetesToModel: ReadonlyMap<string, string> = new Map([
  ['podIP', 'podIp'],
  ['podIPs', 'podIps'],
  ['hostIP', 'hostIp'],
  ['hostIPs', 'hostIps'],
  ['clusterIP', 'clusterIp'],
  ['clusterIPs', 'clusterIps'],
  ['externalIPs', 'externalIps'],
  ['podCIDR', 'podCidr'],
  ['podCIDRs', 'podCidrs'],
  ['providerID', 'providerId'],
  ['containerID', 'containerId'],
  ['imageID', 'imageId'],
  ['machineID', 'machineId'],
  ['systemUUID', 'systemUuid'],
  ['bootID', 'bootId'],
  ['hostPID', 'hostPid'],
  ['hostIPC', 'hostIpc'],
  ['clientIP', 'clientIp'],
  ['downwardAPI', 'downwardApi'],
  ['setHostnameAsFQDN', 'setHostnameAsFqdn'],
  ['nonResourceURLs', 'nonResourceUrls'],
]);

const modelToKubernetes: ReadonlyMap<string, string> = new Map(
  [...kubernetesToModel].map(([kubernetes, model]) => [model, kubernetes]),
);

export function modelFieldName(kubernetesName: string): string {
  return kubernetesToModel.get(kubernetesName) ?? kubernetesName;
}

export function kubernetesFieldName(modelName: string): string {
  return modelToKubernetes.get(modelName) ?? modelName;
}
