/**
 * The fields Kubernetes 1.32 marks required in its OpenAPI documents (a Go field
 * without `omitempty` or `+optional`), and no others: `kubectl explain` prints
 * them as `-required-`, and a client validating against the document refuses an
 * object without them. Orca's own validators (src/api) decide what the server
 * accepts; this table only says what Kubernetes' documents say.
 *
 * Keyed by orca.v1 message; Kubernetes field names.
 */
export const requiredFields: Readonly<Record<string, readonly string[]>> = {
  OwnerReference: ['apiVersion', 'kind', 'name', 'uid'],
  LabelSelectorRequirement: ['key', 'operator'],
  Taint: ['key', 'effect'],
  NodeAddress: ['type', 'address'],
  NodeSystemInfo: [
    'machineID',
    'systemUUID',
    'bootID',
    'kernelVersion',
    'osImage',
    'containerRuntimeVersion',
    'kubeletVersion',
    'kubeProxyVersion',
    'operatingSystem',
    'architecture',
  ],
  PodSpec: ['containers'],
  TopologySpreadConstraint: ['maxSkew', 'topologyKey', 'whenUnsatisfiable'],
  HostAlias: ['ip'],
  PodReadinessGate: ['conditionType'],
  PodOS: ['name'],
  SeccompProfile: ['type'],
  Container: ['name'],
  ContainerPort: ['containerPort'],
  EnvVar: ['name'],
  ObjectFieldSelector: ['fieldPath'],
  ResourceFieldSelector: ['resource'],
  ConfigMapKeySelector: ['key'],
  SecretKeySelector: ['key'],
  VolumeMount: ['name', 'mountPath'],
  HTTPGetAction: ['port'],
  HTTPHeader: ['name', 'value'],
  TCPSocketAction: ['port'],
  GRPCAction: ['port'],
  SleepAction: ['seconds'],
  Volume: ['name'],
  DownwardAPIVolumeFile: ['path'],
  HostPathVolumeSource: ['path'],
  KeyToPath: ['key', 'path'],
  PersistentVolumeClaimVolumeSource: ['claimName'],
  NodeSelector: ['nodeSelectorTerms'],
  NodeSelectorRequirement: ['key', 'operator'],
  PreferredSchedulingTerm: ['weight', 'preference'],
  PodAffinityTerm: ['topologyKey'],
  WeightedPodAffinityTerm: ['weight', 'podAffinityTerm'],
  HostIP: ['ip'],
  PodIP: ['ip'],
  ContainerStatus: ['name', 'ready', 'restartCount', 'image', 'imageID'],
  VolumeMountStatus: ['name', 'mountPath'],
  ContainerStateTerminated: ['exitCode'],
  ServicePort: ['port'],
  EndpointAddress: ['ip'],
  EndpointPort: ['port'],
  Event: ['metadata', 'involvedObject'],
  LocalVolumeSource: ['path'],
  ReplicaSetSpec: ['selector'],
  ReplicaSetStatus: ['replicas'],
  DeploymentSpec: ['selector', 'template'],
  StatefulSetSpec: ['selector', 'template', 'serviceName'],
  StatefulSetStatus: ['replicas'],
  DaemonSetSpec: ['selector', 'template'],
  DaemonSetStatus: ['currentNumberScheduled', 'numberMisscheduled', 'desiredNumberScheduled', 'numberReady'],
  JobSpec: ['template'],
  CronJobSpec: ['schedule', 'jobTemplate'],
  HTTPIngressRuleValue: ['paths'],
  HTTPIngressPath: ['pathType', 'backend'],
  IngressServiceBackend: ['name'],
  IngressClassParametersReference: ['kind', 'name'],
  PolicyRule: ['verbs'],
  RoleBinding: ['roleRef'],
  ClusterRoleBinding: ['roleRef'],
  RoleRef: ['apiGroup', 'kind', 'name'],
  Subject: ['kind', 'name'],
};

/** Every per-kind condition requires its type and status; meta/v1's Condition (a Service's) requires more. */
export function conditionRequired(definition: string): readonly string[] {
  return definition.endsWith('meta.v1.Condition')
    ? ['type', 'status', 'lastTransitionTime', 'reason', 'message']
    : ['type', 'status'];
}
