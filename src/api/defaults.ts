// One defaulter per kind, as the Kubernetes API server applies them on create:
// pure functions that return a new object and leave set fields alone. Metadata
// (namespace, uid, timestamps) is the server's business, not the defaulter's.
import { rbacGroup } from './kinds.js';
import type {
  ClusterRoleBinding,
  Container,
  CronJob,
  DaemonSet,
  Deployment,
  Endpoints,
  Job,
  JobSpec,
  OrcaObject,
  PersistentVolume,
  PersistentVolumeClaim,
  Pod,
  PodSpec,
  PodTemplateSpec,
  ReplicaSet,
  RoleBinding,
  Secret,
  Service,
  StatefulSet,
  Subject,
} from './model.js';

type Probe = NonNullable<Container['livenessProbe']>;

export const defaultTerminationGracePeriodSeconds = 30;
export const defaultRevisionHistoryLimit = 10;
export const defaultProgressDeadlineSeconds = 600;
export const defaultBackoffLimit = 6;
/** 0644: what Kubernetes gives configMap and secret volume files. */
export const defaultFileMode = 0o644;

/** Always for `:latest` or no tag (the image may move), IfNotPresent for a pinned tag or a digest. */
export function defaultImagePullPolicy(image: string): 'Always' | 'IfNotPresent' {
  if (image.includes('@')) return 'IfNotPresent';
  const lastSegment = image.slice(image.lastIndexOf('/') + 1);
  const colon = lastSegment.lastIndexOf(':');
  if (colon === -1) return 'Always';
  return lastSegment.slice(colon + 1) === 'latest' ? 'Always' : 'IfNotPresent';
}

function defaultProbe(probe: Probe | undefined): void {
  if (probe === undefined) return;
  probe.timeoutSeconds ||= 1;
  probe.periodSeconds ||= 10;
  probe.successThreshold ||= 1;
  probe.failureThreshold ||= 3;
  if (probe.httpGet !== undefined) {
    probe.httpGet.path ||= '/';
    probe.httpGet.scheme ||= 'HTTP';
  }
}

function defaultContainer(container: Container): void {
  container.imagePullPolicy ||= defaultImagePullPolicy(container.image ?? '');
  container.terminationMessagePath ||= '/dev/termination-log';
  container.terminationMessagePolicy ||= 'File';
  for (const port of container.ports ?? []) port.protocol ||= 'TCP';
  for (const variable of container.env ?? []) {
    if (variable.valueFrom?.fieldRef !== undefined) variable.valueFrom.fieldRef.apiVersion ||= 'v1';
  }
  defaultProbe(container.livenessProbe);
  defaultProbe(container.readinessProbe);
  defaultProbe(container.startupProbe);
  for (const handler of [container.lifecycle?.postStart, container.lifecycle?.preStop]) {
    if (handler?.httpGet !== undefined) handler.httpGet.scheme ||= 'HTTP';
  }
}

/** Mutates a spec that the caller has already copied. */
function defaultPodSpecInPlace(spec: PodSpec, options: { restartPolicy: boolean }): void {
  if (options.restartPolicy) spec.restartPolicy ||= 'Always';
  spec.terminationGracePeriodSeconds ??= defaultTerminationGracePeriodSeconds;
  spec.dnsPolicy ||= 'ClusterFirst';
  spec.schedulerName ||= 'default-scheduler';
  for (const container of [...(spec.initContainers ?? []), ...(spec.containers ?? [])]) defaultContainer(container);
  for (const volume of spec.volumes ?? []) {
    if (volume.configMap !== undefined) volume.configMap.defaultMode ??= defaultFileMode;
    if (volume.secret !== undefined) volume.secret.defaultMode ??= defaultFileMode;
  }
  for (const toleration of spec.tolerations ?? []) toleration.operator ||= 'Equal';
}

function defaultTemplateInPlace(template: PodTemplateSpec | undefined, options: { restartPolicy: boolean }): void {
  if (template?.spec !== undefined) defaultPodSpecInPlace(template.spec, options);
}

export function defaultPodSpec(spec: PodSpec): PodSpec {
  const copy = structuredClone(spec);
  defaultPodSpecInPlace(copy, { restartPolicy: true });
  return copy;
}

export function defaultPod(pod: Pod): Pod {
  const copy = structuredClone(pod);
  copy.spec ??= {};
  defaultPodSpecInPlace(copy.spec, { restartPolicy: true });
  return copy;
}

export function defaultReplicaSet(replicaSet: ReplicaSet): ReplicaSet {
  const copy = structuredClone(replicaSet);
  copy.spec ??= {};
  copy.spec.replicas ??= 1;
  defaultTemplateInPlace(copy.spec.template, { restartPolicy: true });
  return copy;
}

export function defaultDeployment(deployment: Deployment): Deployment {
  const copy = structuredClone(deployment);
  const spec = (copy.spec ??= {});
  spec.replicas ??= 1;
  spec.revisionHistoryLimit ??= defaultRevisionHistoryLimit;
  spec.progressDeadlineSeconds ??= defaultProgressDeadlineSeconds;
  const strategy = (spec.strategy ??= {});
  strategy.type ||= 'RollingUpdate';
  if (strategy.type === 'RollingUpdate') {
    const rollingUpdate = (strategy.rollingUpdate ??= {});
    rollingUpdate.maxSurge ??= { strVal: '25%' };
    rollingUpdate.maxUnavailable ??= { strVal: '25%' };
  }
  defaultTemplateInPlace(spec.template, { restartPolicy: true });
  return copy;
}

export function defaultStatefulSet(statefulSet: StatefulSet): StatefulSet {
  const copy = structuredClone(statefulSet);
  const spec = (copy.spec ??= {});
  spec.replicas ??= 1;
  spec.podManagementPolicy ||= 'OrderedReady';
  spec.revisionHistoryLimit ??= defaultRevisionHistoryLimit;
  const strategy = (spec.updateStrategy ??= {});
  strategy.type ||= 'RollingUpdate';
  if (strategy.type === 'RollingUpdate') (strategy.rollingUpdate ??= {}).partition ??= 0;
  const retention = (spec.persistentVolumeClaimRetentionPolicy ??= {});
  retention.whenDeleted ||= 'Retain';
  retention.whenScaled ||= 'Retain';
  for (const claim of spec.volumeClaimTemplates ?? []) (claim.spec ??= {}).volumeMode ??= 'Filesystem';
  defaultTemplateInPlace(spec.template, { restartPolicy: true });
  return copy;
}

export function defaultDaemonSet(daemonSet: DaemonSet): DaemonSet {
  const copy = structuredClone(daemonSet);
  const spec = (copy.spec ??= {});
  spec.revisionHistoryLimit ??= defaultRevisionHistoryLimit;
  const strategy = (spec.updateStrategy ??= {});
  strategy.type ||= 'RollingUpdate';
  if (strategy.type === 'RollingUpdate') {
    const rollingUpdate = (strategy.rollingUpdate ??= {});
    rollingUpdate.maxUnavailable ??= { intVal: 1 };
    rollingUpdate.maxSurge ??= { intVal: 0 };
  }
  defaultTemplateInPlace(spec.template, { restartPolicy: true });
  return copy;
}

/** Mutates a copied Job spec. A Job's pods must choose OnFailure or Never, so restartPolicy is not defaulted. */
function defaultJobSpecInPlace(spec: JobSpec): void {
  // both unset: one pod, once; parallelism alone: a work queue, completions stay unset
  if (spec.completions === undefined && spec.parallelism === undefined) spec.completions = 1;
  spec.parallelism ??= 1;
  spec.backoffLimit ??= defaultBackoffLimit;
  spec.completionMode ??= 'NonIndexed';
  spec.suspend ??= false;
  defaultTemplateInPlace(spec.template, { restartPolicy: false });
}

/**
 * Defaults a Job; once it has a uid (the server assigns one on create) and no
 * manual selector, it also gets the selector and template labels that tie its
 * pods to it, as Kubernetes generates them.
 */
export function defaultJob(job: Job): Job {
  const copy = structuredClone(job);
  const spec = (copy.spec ??= {});
  defaultJobSpecInPlace(spec);
  const uid = copy.metadata?.uid ?? '';
  if (spec.manualSelector !== true && uid !== '' && spec.selector === undefined) {
    spec.selector = { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } };
    const template = (spec.template ??= {});
    const metadata = (template.metadata ??= {});
    metadata.labels = {
      ...metadata.labels,
      'batch.kubernetes.io/controller-uid': uid,
      'batch.kubernetes.io/job-name': copy.metadata?.name ?? '',
    };
  }
  return copy;
}

export function defaultCronJob(cronJob: CronJob): CronJob {
  const copy = structuredClone(cronJob);
  const spec = (copy.spec ??= {});
  spec.concurrencyPolicy ||= 'Allow';
  spec.suspend ??= false;
  spec.successfulJobsHistoryLimit ??= 3;
  spec.failedJobsHistoryLimit ??= 1;
  defaultJobSpecInPlace(((spec.jobTemplate ??= {}).spec ??= {}));
  return copy;
}

export function defaultService(service: Service): Service {
  const copy = structuredClone(service);
  const spec = (copy.spec ??= {});
  spec.type ||= 'ClusterIP';
  spec.sessionAffinity ||= 'None';
  if (spec.type !== 'ExternalName') spec.internalTrafficPolicy ??= 'Cluster';
  if (spec.type === 'NodePort' || spec.type === 'LoadBalancer') spec.externalTrafficPolicy ||= 'Cluster';
  for (const port of spec.ports ?? []) {
    port.protocol ||= 'TCP';
    port.targetPort ??= { intVal: port.port ?? 0 };
  }
  return copy;
}

export function defaultEndpoints(endpoints: Endpoints): Endpoints {
  const copy = structuredClone(endpoints);
  for (const subset of copy.subsets ?? []) for (const port of subset.ports ?? []) port.protocol ||= 'TCP';
  return copy;
}

export function defaultSecret(secret: Secret): Secret {
  const copy = structuredClone(secret);
  copy.type ||= 'Opaque';
  return copy;
}

export function defaultPersistentVolume(volume: PersistentVolume): PersistentVolume {
  const copy = structuredClone(volume);
  const spec = (copy.spec ??= {});
  spec.persistentVolumeReclaimPolicy ||= 'Retain';
  spec.volumeMode ??= 'Filesystem';
  return copy;
}

export function defaultPersistentVolumeClaim(claim: PersistentVolumeClaim): PersistentVolumeClaim {
  const copy = structuredClone(claim);
  (copy.spec ??= {}).volumeMode ??= 'Filesystem';
  return copy;
}

/** Users and Groups are in the rbac group, ServiceAccounts in the core one (Kubernetes' SetDefaults_Subject). */
function defaultSubjectInPlace(subject: Subject): void {
  if (subject.kind === 'User' || subject.kind === 'Group') subject.apiGroup ||= rbacGroup;
}

/**
 * A binding's roleRef is in the rbac group; a RoleBinding's ServiceAccount
 * subjects without a namespace are in the binding's own (as Kubernetes reads
 * them), written down so that the authorizer and `get -o yaml` agree.
 */
export function defaultRoleBinding(binding: RoleBinding): RoleBinding {
  const copy = structuredClone(binding);
  if (copy.roleRef !== undefined) copy.roleRef.apiGroup ||= rbacGroup;
  const namespace = copy.metadata?.namespace ?? '';
  for (const subject of copy.subjects ?? []) {
    defaultSubjectInPlace(subject);
    if (subject.kind === 'ServiceAccount' && namespace !== '') subject.namespace ||= namespace;
  }
  return copy;
}

/** As a RoleBinding, but a ServiceAccount subject must name its namespace: there is none to default it to. */
export function defaultClusterRoleBinding(binding: ClusterRoleBinding): ClusterRoleBinding {
  const copy = structuredClone(binding);
  if (copy.roleRef !== undefined) copy.roleRef.apiGroup ||= rbacGroup;
  for (const subject of copy.subjects ?? []) defaultSubjectInPlace(subject);
  return copy;
}

/** The defaulter of the object's kind; kinds without defaults come back as an unchanged copy. */
export function defaultObject<T extends OrcaObject>(object: T): T {
  return defaultAny(object) as T;
}

function defaultAny(object: OrcaObject): OrcaObject {
  switch (object.kind) {
    case 'Pod':
      return defaultPod(object);
    case 'ReplicaSet':
      return defaultReplicaSet(object);
    case 'Deployment':
      return defaultDeployment(object);
    case 'StatefulSet':
      return defaultStatefulSet(object);
    case 'DaemonSet':
      return defaultDaemonSet(object);
    case 'Job':
      return defaultJob(object);
    case 'CronJob':
      return defaultCronJob(object);
    case 'Service':
      return defaultService(object);
    case 'Endpoints':
      return defaultEndpoints(object);
    case 'Secret':
      return defaultSecret(object);
    case 'PersistentVolume':
      return defaultPersistentVolume(object);
    case 'PersistentVolumeClaim':
      return defaultPersistentVolumeClaim(object);
    case 'RoleBinding':
      return defaultRoleBinding(object);
    case 'ClusterRoleBinding':
      return defaultClusterRoleBinding(object);
    default:
      return structuredClone(object);
  }
}
