/** The columns of `orca get` for each kind, as kubectl shows the Kubernetes kind of the same name. */
import type { Condition, KindName, LabelSelector, ObjectOfKind, OrcaObject, PodTemplateSpec } from './model.js';
import { formatLabelSelector, labelSelectorRequirements } from './selectors.js';
import { age } from './age.js';

export interface Column {
  readonly header: string;
  readonly value: (object: OrcaObject, now: number) => string;
}

export interface KindColumns {
  readonly columns: Column[];
  readonly wide?: Column[];
  /** The kind shows its own time column instead of AGE (Events). */
  readonly noAge?: boolean;
  readonly noName?: boolean;
}

function of<K extends KindName>(
  _kind: K,
  read: (object: ObjectOfKind<K>, now: number) => string | number | undefined,
): Column['value'] {
  return (object, now) => {
    const value = read(object as ObjectOfKind<K>, now);
    return value === undefined || value === '' ? '<none>' : String(value);
  };
}

function column<K extends KindName>(
  kind: K,
  header: string,
  read: (object: ObjectOfKind<K>, now: number) => string | number | undefined,
): Column {
  return { header, value: of(kind, read) };
}

function count(value: number | undefined): number {
  return value ?? 0;
}

function join(values: readonly string[] | undefined, limit = 3): string {
  if (values === undefined || values.length === 0) return '';
  return values.length <= limit
    ? values.join(',')
    : `${values.slice(0, limit).join(',')} + ${values.length - limit} more...`;
}

function conditionTrue(conditions: readonly Condition[] | undefined, type: string): boolean | undefined {
  const found = conditions?.find((condition) => condition.type === type);
  return found === undefined ? undefined : found.status === 'True';
}

/** What kubectl shows in a pod's STATUS: Terminating, a container's waiting/terminated reason, else the phase. */
export function podStatus(pod: ObjectOfKind<'Pod'>): string {
  if ((pod.metadata?.deletionTimestamp ?? '') !== '') return 'Terminating';
  let reason = pod.status?.reason ?? '';
  if (reason === '') reason = pod.status?.phase ?? '';
  for (const container of pod.status?.containerStatuses ?? []) {
    const waiting = container.state?.waiting?.reason ?? '';
    const terminated = container.state?.terminated;
    if (waiting !== '') return waiting;
    if (terminated !== undefined) {
      const terminatedReason = terminated.reason ?? '';
      if (terminatedReason !== '') reason = terminatedReason;
      else
        reason =
          (terminated.signal ?? 0) !== 0 ? `Signal:${terminated.signal}` : `ExitCode:${terminated.exitCode ?? 0}`;
    }
  }
  return reason === '' ? 'Pending' : reason;
}

function podReady(pod: ObjectOfKind<'Pod'>): string {
  const total = pod.spec?.containers?.length ?? 0;
  const ready = (pod.status?.containerStatuses ?? []).filter((status) => status.ready === true).length;
  return `${ready}/${total}`;
}

function podRestarts(pod: ObjectOfKind<'Pod'>): number {
  return (pod.status?.containerStatuses ?? []).reduce((sum, status) => sum + count(status.restartCount), 0);
}

function servicePorts(service: ObjectOfKind<'Service'>): string {
  return (service.spec?.ports ?? [])
    .map(
      (port) => `${port.port ?? 0}${(port.nodePort ?? 0) !== 0 ? `:${port.nodePort}` : ''}/${port.protocol ?? 'TCP'}`,
    )
    .join(',');
}

/** As kubectl prints it: the external name, the balancer's addresses (<pending> until known), or the external IPs. */
function serviceExternalIp(service: ObjectOfKind<'Service'>): string {
  if (service.spec?.type === 'ExternalName') return service.spec.externalName ?? '';
  const balanced = (service.status?.loadBalancer?.ingress ?? [])
    .map((entry) => entry.ip || entry.hostname || '')
    .filter((entry) => entry !== '');
  const addresses = [...balanced, ...(service.spec?.externalIps ?? [])];
  if (addresses.length === 0 && service.spec?.type === 'LoadBalancer') return '<pending>';
  return join(addresses);
}

function selector(value: LabelSelector | undefined): string {
  return value === undefined ? '' : formatLabelSelector(labelSelectorRequirements(value));
}

function templateColumns<K extends 'Deployment' | 'ReplicaSet' | 'StatefulSet' | 'DaemonSet' | 'Job'>(
  kind: K,
  template: (object: ObjectOfKind<K>) => PodTemplateSpec | undefined,
  selectorOf: (object: ObjectOfKind<K>) => LabelSelector | undefined,
): Column[] {
  return [
    column(kind, 'CONTAINERS', (object) =>
      join(
        template(object)?.spec?.containers?.map((container) => container.name ?? ''),
        10,
      ),
    ),
    column(kind, 'IMAGES', (object) =>
      join(
        template(object)?.spec?.containers?.map((container) => container.image ?? ''),
        10,
      ),
    ),
    column(kind, 'SELECTOR', (object) => selector(selectorOf(object))),
  ];
}

function nodeStatus(node: ObjectOfKind<'Node'>): string {
  const ready = conditionTrue(node.status?.conditions, 'Ready');
  const parts = [ready === true ? 'Ready' : ready === false ? 'NotReady' : 'Unknown'];
  if (node.spec?.unschedulable === true) parts.push('SchedulingDisabled');
  return parts.join(',');
}

function nodeRoles(node: ObjectOfKind<'Node'>): string {
  const prefix = 'node-role.kubernetes.io/';
  return Object.keys(node.metadata?.labels ?? {})
    .filter((key) => key.startsWith(prefix))
    .map((key) => key.slice(prefix.length))
    .join(',');
}

function endpointsList(endpoints: ObjectOfKind<'Endpoints'>): string {
  const pairs: string[] = [];
  for (const subset of endpoints.subsets ?? []) {
    const ports = subset.ports?.length ? subset.ports.map((port) => port.port ?? 0) : [undefined];
    for (const address of subset.addresses ?? [])
      for (const port of ports) pairs.push(port === undefined ? (address.ip ?? '') : `${address.ip ?? ''}:${port}`);
  }
  return join(pairs);
}

/** From start to completion, or to now while the job runs. */
function jobDuration(job: ObjectOfKind<'Job'>, now: number): string {
  const start = job.status?.startTime ?? '';
  if (start === '') return '';
  const completion = job.status?.completionTime ?? '';
  return age(start, completion === '' ? now : Date.parse(completion));
}

/** ROLE as kubectl prints it: `ClusterRole/view`. */
function roleRef(binding: ObjectOfKind<'RoleBinding'> | ObjectOfKind<'ClusterRoleBinding'>): string {
  return `${binding.roleRef?.kind ?? ''}/${binding.roleRef?.name ?? ''}`;
}

/** The names of one kind of subject; ServiceAccounts as `namespace:name`, as kubectl -o wide shows them. */
function subjectNames(
  binding: ObjectOfKind<'RoleBinding'> | ObjectOfKind<'ClusterRoleBinding'>,
  kind: 'User' | 'Group' | 'ServiceAccount',
): string {
  return (binding.subjects ?? [])
    .filter((subject) => subject.kind === kind)
    .map((subject) => (kind === 'ServiceAccount' ? `${subject.namespace ?? ''}:${subject.name ?? ''}` : subject.name))
    .join(', ');
}

function bindingColumns(kind: 'RoleBinding' | 'ClusterRoleBinding'): KindColumns {
  return {
    columns: [column(kind, 'ROLE', roleRef)],
    wide: [
      column(kind, 'USERS', (object) => subjectNames(object, 'User')),
      column(kind, 'GROUPS', (object) => subjectNames(object, 'Group')),
      column(kind, 'SERVICEACCOUNTS', (object) => subjectNames(object, 'ServiceAccount')),
    ],
  };
}

/** kubectl shows a role's creation time itself, not its age. */
function roleColumns(kind: 'Role' | 'ClusterRole'): KindColumns {
  return { noAge: true, columns: [column(kind, 'CREATED AT', (object) => object.metadata?.creationTimestamp)] };
}

export const kindColumns: Partial<Record<KindName, KindColumns>> = {
  Pod: {
    columns: [
      column('Pod', 'READY', podReady),
      column('Pod', 'STATUS', podStatus),
      column('Pod', 'RESTARTS', podRestarts),
    ],
    wide: [column('Pod', 'IP', (pod) => pod.status?.podIp), column('Pod', 'NODE', (pod) => pod.spec?.nodeName)],
  },
  Deployment: {
    columns: [
      column('Deployment', 'READY', (object) => `${count(object.status?.readyReplicas)}/${object.spec?.replicas ?? 1}`),
      column('Deployment', 'UP-TO-DATE', (object) => count(object.status?.updatedReplicas)),
      column('Deployment', 'AVAILABLE', (object) => count(object.status?.availableReplicas)),
    ],
    wide: templateColumns(
      'Deployment',
      (object) => object.spec?.template,
      (object) => object.spec?.selector,
    ),
  },
  ReplicaSet: {
    columns: [
      column('ReplicaSet', 'DESIRED', (object) => object.spec?.replicas ?? 1),
      column('ReplicaSet', 'CURRENT', (object) => count(object.status?.replicas)),
      column('ReplicaSet', 'READY', (object) => count(object.status?.readyReplicas)),
    ],
    wide: templateColumns(
      'ReplicaSet',
      (object) => object.spec?.template,
      (object) => object.spec?.selector,
    ),
  },
  StatefulSet: {
    columns: [
      column(
        'StatefulSet',
        'READY',
        (object) => `${count(object.status?.readyReplicas)}/${object.spec?.replicas ?? 1}`,
      ),
    ],
    wide: templateColumns(
      'StatefulSet',
      (object) => object.spec?.template,
      (object) => object.spec?.selector,
    ),
  },
  DaemonSet: {
    columns: [
      column('DaemonSet', 'DESIRED', (object) => count(object.status?.desiredNumberScheduled)),
      column('DaemonSet', 'CURRENT', (object) => count(object.status?.currentNumberScheduled)),
      column('DaemonSet', 'READY', (object) => count(object.status?.numberReady)),
      column('DaemonSet', 'UP-TO-DATE', (object) => count(object.status?.updatedNumberScheduled)),
      column('DaemonSet', 'AVAILABLE', (object) => count(object.status?.numberAvailable)),
      column('DaemonSet', 'NODE SELECTOR', (object) =>
        Object.entries(object.spec?.template?.spec?.nodeSelector ?? {})
          .map(([key, value]) => `${key}=${value}`)
          .join(','),
      ),
    ],
    wide: templateColumns(
      'DaemonSet',
      (object) => object.spec?.template,
      (object) => object.spec?.selector,
    ),
  },
  Job: {
    columns: [
      column('Job', 'STATUS', (object) =>
        conditionTrue(object.status?.conditions, 'Complete') === true
          ? 'Complete'
          : conditionTrue(object.status?.conditions, 'Failed') === true
            ? 'Failed'
            : 'Running',
      ),
      column('Job', 'COMPLETIONS', (object) => `${count(object.status?.succeeded)}/${object.spec?.completions ?? 1}`),
      column('Job', 'DURATION', (object, now) => jobDuration(object, now)),
    ],
    wide: templateColumns(
      'Job',
      (object) => object.spec?.template,
      (object) => object.spec?.selector,
    ),
  },
  CronJob: {
    columns: [
      column('CronJob', 'SCHEDULE', (object) => object.spec?.schedule),
      column('CronJob', 'TIMEZONE', (object) => object.spec?.timeZone ?? '<none>'),
      column('CronJob', 'SUSPEND', (object) => String(object.spec?.suspend === true)),
      column('CronJob', 'ACTIVE', (object) => object.status?.active?.length ?? 0),
      column('CronJob', 'LAST SCHEDULE', (object, now) =>
        object.status?.lastScheduleTime ? age(object.status.lastScheduleTime, now) : '',
      ),
    ],
  },
  Service: {
    columns: [
      column('Service', 'TYPE', (object) => object.spec?.type ?? 'ClusterIP'),
      column('Service', 'CLUSTER-IP', (object) => object.spec?.clusterIp),
      column('Service', 'EXTERNAL-IP', serviceExternalIp),
      column('Service', 'PORT(S)', servicePorts),
    ],
    wide: [
      column('Service', 'SELECTOR', (object) =>
        Object.entries(object.spec?.selector ?? {})
          .map(([key, value]) => `${key}=${value}`)
          .join(','),
      ),
    ],
  },
  Endpoints: { columns: [column('Endpoints', 'ENDPOINTS', endpointsList)] },
  ConfigMap: {
    columns: [
      column(
        'ConfigMap',
        'DATA',
        (object) => Object.keys(object.data ?? {}).length + Object.keys(object.binaryData ?? {}).length,
      ),
    ],
  },
  Secret: {
    columns: [
      column('Secret', 'TYPE', (object) => object.type ?? 'Opaque'),
      column('Secret', 'DATA', (object) => Object.keys(object.data ?? {}).length),
    ],
  },
  ServiceAccount: { columns: [column('ServiceAccount', 'SECRETS', (object) => object.secrets?.length ?? 0)] },
  Role: roleColumns('Role'),
  ClusterRole: roleColumns('ClusterRole'),
  RoleBinding: bindingColumns('RoleBinding'),
  ClusterRoleBinding: bindingColumns('ClusterRoleBinding'),
  Namespace: { columns: [column('Namespace', 'STATUS', (object) => object.status?.phase ?? 'Active')] },
  Node: {
    columns: [column('Node', 'STATUS', nodeStatus), column('Node', 'ROLES', nodeRoles)],
    wide: [
      column(
        'Node',
        'INTERNAL-IP',
        (object) => object.status?.addresses?.find((address) => address.type === 'InternalIP')?.address,
      ),
      column('Node', 'OS-IMAGE', (object) => object.status?.nodeInfo?.osImage),
      column('Node', 'KERNEL-VERSION', (object) => object.status?.nodeInfo?.kernelVersion),
      column('Node', 'CONTAINER-RUNTIME', (object) => object.status?.nodeInfo?.containerRuntimeVersion),
    ],
  },
  Event: {
    noAge: true,
    noName: true,
    columns: [
      column('Event', 'LAST SEEN', (object, now) =>
        age(object.lastTimestamp || object.eventTime || object.metadata?.creationTimestamp, now),
      ),
      column('Event', 'TYPE', (object) => object.type),
      column('Event', 'REASON', (object) => object.reason),
      column(
        'Event',
        'OBJECT',
        (object) => `${(object.involvedObject?.kind ?? '').toLowerCase()}/${object.involvedObject?.name ?? ''}`,
      ),
      column('Event', 'MESSAGE', (object) => object.message),
    ],
  },
  Lease: { columns: [column('Lease', 'HOLDER', (object) => object.spec?.holderIdentity)] },
  PersistentVolume: {
    columns: [
      column('PersistentVolume', 'CAPACITY', (object) => object.spec?.capacity?.['storage']),
      column('PersistentVolume', 'ACCESS MODES', (object) => accessModes(object.spec?.accessModes)),
      column('PersistentVolume', 'RECLAIM POLICY', (object) => object.spec?.persistentVolumeReclaimPolicy ?? 'Retain'),
      column('PersistentVolume', 'STATUS', (object) => object.status?.phase),
      column('PersistentVolume', 'CLAIM', (object) =>
        object.spec?.claimRef ? `${object.spec.claimRef.namespace ?? ''}/${object.spec.claimRef.name ?? ''}` : '',
      ),
      column('PersistentVolume', 'STORAGECLASS', (object) => object.spec?.storageClassName),
    ],
  },
  PersistentVolumeClaim: {
    columns: [
      column('PersistentVolumeClaim', 'STATUS', (object) => object.status?.phase ?? 'Pending'),
      column('PersistentVolumeClaim', 'VOLUME', (object) => object.spec?.volumeName),
      column('PersistentVolumeClaim', 'CAPACITY', (object) => object.status?.capacity?.['storage']),
      column('PersistentVolumeClaim', 'ACCESS MODES', (object) => accessModes(object.status?.accessModes)),
      column('PersistentVolumeClaim', 'STORAGECLASS', (object) => object.spec?.storageClassName),
    ],
  },
  Ingress: {
    columns: [
      column('Ingress', 'CLASS', (object) => object.spec?.ingressClassName),
      column('Ingress', 'HOSTS', (object) =>
        join(
          object.spec?.rules?.map((rule) => rule.host || '*'),
          4,
        ),
      ),
      column('Ingress', 'ADDRESS', (object) =>
        (object.status?.loadBalancer?.ingress ?? [])
          .map((entry) => entry.ip || entry.hostname || '')
          .filter((entry) => entry !== '')
          .join(','),
      ),
      column('Ingress', 'PORTS', (object) => ((object.spec?.tls?.length ?? 0) > 0 ? '80, 443' : '80')),
    ],
  },
  IngressClass: {
    columns: [
      column('IngressClass', 'CONTROLLER', (object) => object.spec?.controller),
      column('IngressClass', 'PARAMETERS', (object) =>
        object.spec?.parameters === undefined
          ? ''
          : `${object.spec.parameters.kind ?? ''}/${object.spec.parameters.name ?? ''}`,
      ),
    ],
  },
};

function accessModes(modes: readonly string[] | undefined): string {
  const short: Record<string, string> = {
    ReadWriteOnce: 'RWO',
    ReadOnlyMany: 'ROX',
    ReadWriteMany: 'RWX',
    ReadWriteOncePod: 'RWOP',
  };
  return (modes ?? []).map((mode) => short[mode] ?? mode).join(',');
}
