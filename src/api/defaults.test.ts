import { describe, expect, it } from 'vitest';
import { defaultImagePullPolicy, defaultObject } from './defaults.js';
import type {
  ClusterRoleBinding,
  CronJob,
  DaemonSet,
  Deployment,
  Job,
  Pod,
  RoleBinding,
  Secret,
  Service,
  StatefulSet,
} from './model.js';
import { validateObject } from './validation.js';

const container = { name: 'app', image: 'nginx:1.25' };

describe('defaulters', () => {
  it('fill a Deployment as the Kubernetes API server does', () => {
    const deployment: Deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: { template: { spec: { containers: [container] } } },
    };
    const defaulted = defaultObject(deployment);
    expect(defaulted.spec).toMatchObject({
      replicas: 1,
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
      strategy: {
        type: 'RollingUpdate',
        rollingUpdate: { maxSurge: { strVal: '25%' }, maxUnavailable: { strVal: '25%' } },
      },
      template: { spec: { restartPolicy: 'Always', terminationGracePeriodSeconds: 30, dnsPolicy: 'ClusterFirst' } },
    });
  });

  it('are pure: the input is untouched and set fields are kept', () => {
    const deployment: Deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: { replicas: 0, strategy: { type: 'Recreate' } },
    };
    const before = structuredClone(deployment);
    const defaulted = defaultObject(deployment);
    expect(deployment).toEqual(before);
    expect(defaulted).not.toBe(deployment);
    expect(defaulted.spec?.replicas).toBe(0);
    expect(defaulted.spec?.strategy).toEqual({ type: 'Recreate' });
  });

  it('are idempotent', () => {
    const pod: Pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [container] } };
    const once = defaultObject(pod);
    expect(defaultObject(once)).toEqual(once);
  });

  it('fill a Pod: restart policy, grace period, pull policy, port protocol, probe timings', () => {
    const pod: Pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p' },
      spec: {
        volumes: [{ name: 'cfg', configMap: { name: 'c' } }],
        containers: [
          {
            name: 'a',
            image: 'nginx',
            ports: [{ containerPort: 80 }],
            livenessProbe: { httpGet: { port: { intVal: 80 } } },
            env: [{ name: 'N', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }],
          },
        ],
      },
    };
    const spec = defaultObject(pod).spec;
    expect(spec?.restartPolicy).toBe('Always');
    expect(spec?.terminationGracePeriodSeconds).toBe(30);
    expect(spec?.volumes?.[0]?.configMap?.defaultMode).toBe(0o644);
    const defaultedContainer = spec?.containers?.[0];
    expect(defaultedContainer?.imagePullPolicy).toBe('Always');
    expect(defaultedContainer?.ports?.[0]?.protocol).toBe('TCP');
    expect(defaultedContainer?.livenessProbe).toMatchObject({
      timeoutSeconds: 1,
      periodSeconds: 10,
      successThreshold: 1,
      failureThreshold: 3,
      httpGet: { path: '/', scheme: 'HTTP' },
    });
    expect(defaultedContainer?.env?.[0]?.valueFrom?.fieldRef?.apiVersion).toBe('v1');
  });

  it('pull images Always for :latest or no tag, IfNotPresent for a pinned tag or digest', () => {
    expect(defaultImagePullPolicy('nginx')).toBe('Always');
    expect(defaultImagePullPolicy('nginx:latest')).toBe('Always');
    expect(defaultImagePullPolicy('registry.example.com:5000/team/nginx')).toBe('Always');
    expect(defaultImagePullPolicy('registry.example.com:5000/team/nginx:1.25')).toBe('IfNotPresent');
    expect(defaultImagePullPolicy('nginx@sha256:0123abcd')).toBe('IfNotPresent');
  });

  it('fill a Service: ClusterIP, TCP, targetPort = port', () => {
    const service: Service = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 's' },
      spec: { ports: [{ port: 80 }, { port: 443, targetPort: { strVal: 'https' } }] },
    };
    const spec = defaultObject(service).spec;
    expect(spec?.type).toBe('ClusterIP');
    expect(spec?.sessionAffinity).toBe('None');
    expect(spec?.ports).toEqual([
      { port: 80, protocol: 'TCP', targetPort: { intVal: 80 } },
      { port: 443, protocol: 'TCP', targetPort: { strVal: 'https' } },
    ]);
  });

  it('fill a Job: one completion, parallelism 1, backoffLimit 6, and leave the restart policy to the user', () => {
    const job: Job = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'j' },
      spec: { template: { spec: { containers: [container] } } },
    };
    const spec = defaultObject(job).spec;
    expect(spec).toMatchObject({
      completions: 1,
      parallelism: 1,
      backoffLimit: 6,
      completionMode: 'NonIndexed',
      suspend: false,
    });
    expect(spec?.template?.spec?.restartPolicy).toBeUndefined();
  });

  it('leave completions unset for a work-queue Job that sets only parallelism', () => {
    const job: Job = { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j' }, spec: { parallelism: 4 } };
    expect(defaultObject(job).spec?.completions).toBeUndefined();
  });

  it('tie a created Job to its pods by uid unless the selector is manual', () => {
    const job: Job = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'j', uid: 'u-1' },
      spec: { template: { metadata: { labels: { app: 'x' } } } },
    };
    const spec = defaultObject(job).spec;
    expect(spec?.selector).toEqual({ matchLabels: { 'batch.kubernetes.io/controller-uid': 'u-1' } });
    expect(spec?.template?.metadata?.labels).toEqual({
      app: 'x',
      'batch.kubernetes.io/controller-uid': 'u-1',
      'batch.kubernetes.io/job-name': 'j',
    });
    const manual = defaultObject({ ...job, spec: { ...job.spec, manualSelector: true } });
    expect(manual.spec?.selector).toBeUndefined();
  });

  it('fill a CronJob: Allow, not suspended, history 3/1, job template defaults', () => {
    const cronJob: CronJob = {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'c' },
      spec: { schedule: '@hourly' },
    };
    expect(defaultObject(cronJob).spec).toMatchObject({
      concurrencyPolicy: 'Allow',
      suspend: false,
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 1,
      jobTemplate: { spec: { backoffLimit: 6, completions: 1, parallelism: 1 } },
    });
  });

  it('fill a StatefulSet and a DaemonSet', () => {
    const statefulSet: StatefulSet = {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 's' },
      spec: { volumeClaimTemplates: [{ metadata: { name: 'data' } }] },
    };
    expect(defaultObject(statefulSet).spec).toMatchObject({
      replicas: 1,
      podManagementPolicy: 'OrderedReady',
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
      revisionHistoryLimit: 10,
      persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
      volumeClaimTemplates: [{ spec: { volumeMode: 'Filesystem' } }],
    });
    const daemonSet: DaemonSet = { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'd' } };
    expect(defaultObject(daemonSet).spec?.updateStrategy).toEqual({
      type: 'RollingUpdate',
      rollingUpdate: { maxUnavailable: { intVal: 1 }, maxSurge: { intVal: 0 } },
    });
  });

  it('give a Secret the Opaque type', () => {
    const secret: Secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' } };
    expect(defaultObject(secret).type).toBe('Opaque');
  });

  it("fill a RoleBinding: the roleRef's group, users' group, and ServiceAccounts in the binding's namespace", () => {
    const binding: RoleBinding = {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'b', namespace: 'shop' },
      roleRef: { kind: 'ClusterRole', name: 'view' },
      subjects: [
        { kind: 'ServiceAccount', name: 'builder' },
        { kind: 'ServiceAccount', name: 'deployer', namespace: 'ci' },
        { kind: 'User', name: 'jane' },
      ],
    };
    const defaulted = defaultObject(binding);
    expect(defaulted.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' });
    expect(defaulted.subjects).toEqual([
      { kind: 'ServiceAccount', name: 'builder', namespace: 'shop' },
      { kind: 'ServiceAccount', name: 'deployer', namespace: 'ci' },
      { kind: 'User', name: 'jane', apiGroup: 'rbac.authorization.k8s.io' },
    ]);
    expect(validateObject(binding).map((error) => error.path)).toEqual([
      'roleRef.apiGroup',
      'subjects[0].namespace',
      'subjects[2].apiGroup',
    ]);
    expect(validateObject(defaulted)).toEqual([]);
  });

  it("leave a ClusterRoleBinding's ServiceAccount without a namespace, for validation to refuse", () => {
    const binding: ClusterRoleBinding = {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'b' },
      roleRef: { kind: 'ClusterRole', name: 'view' },
      subjects: [{ kind: 'ServiceAccount', name: 'builder' }],
    };
    const defaulted = defaultObject(binding);
    expect(defaulted.roleRef?.apiGroup).toBe('rbac.authorization.k8s.io');
    expect(defaulted.subjects).toEqual([{ kind: 'ServiceAccount', name: 'builder' }]);
    expect(validateObject(defaulted)).toEqual([{ path: 'subjects[0].namespace', message: 'required' }]);
  });
});
