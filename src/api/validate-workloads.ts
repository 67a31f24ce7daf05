// Validation of the workload kinds: ReplicaSet, Deployment, StatefulSet,
// DaemonSet, Job, CronJob. A workload's selector must select its own template.
import {
  checkEnum,
  checkIntOrPercent,
  checkLabels,
  checkLabelSelector,
  checkMinimum,
  checkName,
  fail,
  isZeroIntOrPercent,
  required,
  type Errors,
} from './field-checks.js';
import type {
  CronJob,
  DaemonSet,
  Deployment,
  JobSpec,
  LabelSelector,
  PodTemplateSpec,
  ReplicaSet,
  StatefulSet,
} from './model.js';
import { dnsLabelError } from './names.js';
import { labelSelectorRequirements, matchesLabels } from './selectors.js';
import { validatePersistentVolumeClaimSpec } from './validate-core.js';
import { validatePodSpec, type PodSpecOptions } from './validate-pod.js';

interface TemplateRules extends PodSpecOptions {
  /** The restart policies the workload's controller can honour. */
  readonly restartPolicies: readonly string[];
  readonly selectorRequired: boolean;
}

const alwaysRestart: TemplateRules = { restartPolicies: ['Always'], selectorRequired: true };

/** Selector present and non-empty, template present, template labels selected by it. */
function validateSelectedTemplate(
  errors: Errors,
  specPath: string,
  selector: LabelSelector | undefined,
  template: PodTemplateSpec | undefined,
  rules: TemplateRules,
): void {
  const selectorPath = `${specPath}.selector`;
  const selectorEmpty =
    Object.keys(selector?.matchLabels ?? {}).length === 0 && (selector?.matchExpressions ?? []).length === 0;
  if (rules.selectorRequired && selectorEmpty) fail(errors, selectorPath, 'required: a non-empty selector');
  checkLabelSelector(errors, selectorPath, selector);
  const templatePath = `${specPath}.template`;
  if (template === undefined) {
    fail(errors, templatePath, 'required');
    return;
  }
  const labels = template.metadata?.labels;
  checkLabels(errors, `${templatePath}.metadata.labels`, labels);
  if (selector !== undefined && !selectorEmpty && !selectorMatches(selector, labels)) {
    fail(errors, `${templatePath}.metadata.labels`, '`selector` does not match template `labels`');
  }
  const specOfTemplate = `${templatePath}.spec`;
  validatePodSpec(errors, specOfTemplate, template.spec, rules);
  const policy = template.spec?.restartPolicy;
  if (rules.restartPolicies.length === 1 && policy === undefined) return;
  checkEnum(errors, `${specOfTemplate}.restartPolicy`, policy, rules.restartPolicies, { required: true });
}

function selectorMatches(selector: LabelSelector, labels: Readonly<Record<string, string>> | undefined): boolean {
  try {
    return matchesLabels(labelSelectorRequirements(selector), labels);
  } catch {
    // an invalid selector was reported by checkLabelSelector already
    return true;
  }
}

export function validateReplicaSet(errors: Errors, object: ReplicaSet): void {
  const spec = object.spec ?? {};
  checkMinimum(errors, 'spec.replicas', spec.replicas, 0);
  checkMinimum(errors, 'spec.minReadySeconds', spec.minReadySeconds, 0);
  validateSelectedTemplate(errors, 'spec', spec.selector, spec.template, alwaysRestart);
}

export function validateDeployment(errors: Errors, object: Deployment): void {
  const spec = object.spec ?? {};
  checkMinimum(errors, 'spec.replicas', spec.replicas, 0);
  checkMinimum(errors, 'spec.minReadySeconds', spec.minReadySeconds, 0);
  checkMinimum(errors, 'spec.revisionHistoryLimit', spec.revisionHistoryLimit, 0);
  if (spec.progressDeadlineSeconds !== undefined && spec.progressDeadlineSeconds <= (spec.minReadySeconds ?? 0)) {
    fail(
      errors,
      'spec.progressDeadlineSeconds',
      `invalid value ${spec.progressDeadlineSeconds}: must be greater than minReadySeconds`,
    );
  }
  const strategy = spec.strategy;
  checkEnum(errors, 'spec.strategy.type', strategy?.type, ['RollingUpdate', 'Recreate']);
  if (strategy?.type === 'Recreate' && strategy.rollingUpdate !== undefined)
    fail(errors, 'spec.strategy.rollingUpdate', 'may not be specified when strategy type is Recreate');
  validateRollingBudget(errors, 'spec.strategy.rollingUpdate', strategy?.rollingUpdate);
  validateSelectedTemplate(errors, 'spec', spec.selector, spec.template, alwaysRestart);
}

function validateRollingBudget(
  errors: Errors,
  path: string,
  budget:
    | { maxSurge?: { intVal?: number; strVal?: string }; maxUnavailable?: { intVal?: number; strVal?: string } }
    | undefined,
): void {
  if (budget === undefined) return;
  checkIntOrPercent(errors, `${path}.maxSurge`, budget.maxSurge);
  checkIntOrPercent(errors, `${path}.maxUnavailable`, budget.maxUnavailable, { percentMax: 100 });
  if (
    budget.maxSurge !== undefined &&
    budget.maxUnavailable !== undefined &&
    isZeroIntOrPercent(budget.maxSurge) &&
    isZeroIntOrPercent(budget.maxUnavailable)
  ) {
    fail(errors, `${path}.maxUnavailable`, 'may not be 0 when maxSurge is 0');
  }
}

export function validateStatefulSet(errors: Errors, object: StatefulSet): void {
  const spec = object.spec ?? {};
  checkMinimum(errors, 'spec.replicas', spec.replicas, 0);
  checkMinimum(errors, 'spec.minReadySeconds', spec.minReadySeconds, 0);
  checkMinimum(errors, 'spec.revisionHistoryLimit', spec.revisionHistoryLimit, 0);
  if (spec.serviceName !== undefined && spec.serviceName !== '')
    checkName(errors, 'spec.serviceName', spec.serviceName, dnsLabelError);
  checkEnum(errors, 'spec.podManagementPolicy', spec.podManagementPolicy, ['OrderedReady', 'Parallel']);
  checkEnum(errors, 'spec.updateStrategy.type', spec.updateStrategy?.type, ['RollingUpdate', 'OnDelete']);
  if (spec.updateStrategy?.type === 'OnDelete' && spec.updateStrategy.rollingUpdate !== undefined)
    fail(errors, 'spec.updateStrategy.rollingUpdate', 'may not be specified when strategy type is OnDelete');
  checkMinimum(errors, 'spec.updateStrategy.rollingUpdate.partition', spec.updateStrategy?.rollingUpdate?.partition, 0);
  checkIntOrPercent(
    errors,
    'spec.updateStrategy.rollingUpdate.maxUnavailable',
    spec.updateStrategy?.rollingUpdate?.maxUnavailable,
    { percentMax: 100 },
  );
  for (const field of ['whenDeleted', 'whenScaled'] as const) {
    checkEnum(
      errors,
      `spec.persistentVolumeClaimRetentionPolicy.${field}`,
      spec.persistentVolumeClaimRetentionPolicy?.[field],
      ['Retain', 'Delete'],
    );
  }
  const claimNames: string[] = [];
  (spec.volumeClaimTemplates ?? []).forEach((claim, index) => {
    const claimPath = `spec.volumeClaimTemplates[${index}]`;
    if (checkName(errors, `${claimPath}.metadata.name`, claim.metadata?.name, dnsLabelError))
      claimNames.push(claim.metadata?.name ?? '');
    validatePersistentVolumeClaimSpec(errors, `${claimPath}.spec`, claim.spec);
  });
  validateSelectedTemplate(errors, 'spec', spec.selector, spec.template, {
    ...alwaysRestart,
    extraVolumeNames: claimNames,
  });
}

export function validateDaemonSet(errors: Errors, object: DaemonSet): void {
  const spec = object.spec ?? {};
  checkMinimum(errors, 'spec.minReadySeconds', spec.minReadySeconds, 0);
  checkMinimum(errors, 'spec.revisionHistoryLimit', spec.revisionHistoryLimit, 0);
  checkEnum(errors, 'spec.updateStrategy.type', spec.updateStrategy?.type, ['RollingUpdate', 'OnDelete']);
  validateRollingBudget(errors, 'spec.updateStrategy.rollingUpdate', spec.updateStrategy?.rollingUpdate);
  validateSelectedTemplate(errors, 'spec', spec.selector, spec.template, alwaysRestart);
}

export function validateJobSpec(errors: Errors, path: string, spec: JobSpec | undefined): void {
  if (spec === undefined) {
    fail(errors, path, 'required');
    return;
  }
  checkMinimum(errors, `${path}.parallelism`, spec.parallelism, 0);
  checkMinimum(errors, `${path}.completions`, spec.completions, 0);
  checkMinimum(errors, `${path}.backoffLimit`, spec.backoffLimit, 0);
  checkMinimum(errors, `${path}.activeDeadlineSeconds`, spec.activeDeadlineSeconds, 1);
  checkMinimum(errors, `${path}.ttlSecondsAfterFinished`, spec.ttlSecondsAfterFinished, 0);
  checkEnum(errors, `${path}.completionMode`, spec.completionMode, ['NonIndexed', 'Indexed']);
  if (spec.completionMode === 'Indexed' && spec.completions === undefined)
    fail(errors, `${path}.completions`, 'required when completionMode is Indexed');
  // the Job controller generates a selector unless the user asks to manage it
  validateSelectedTemplate(errors, path, spec.selector, spec.template, {
    restartPolicies: ['OnFailure', 'Never'],
    selectorRequired: spec.manualSelector === true,
  });
}

const cronMacros = ['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly'];
const cronFieldPattern = /^(\*|[0-9A-Za-z]+(-[0-9A-Za-z]+)?)(\/\d+)?(,(\*|[0-9A-Za-z]+(-[0-9A-Za-z]+)?)(\/\d+)?)*$/;

export function cronScheduleError(schedule: string): string | undefined {
  if (schedule.length > 256) return 'must be at most 256 characters';
  // As Kubernetes since 1.27: the zone is spec.timeZone, never a prefix of the schedule.
  if (/^(CRON_)?TZ=/.test(schedule.trim()))
    return 'CRON_TZ or TZ used in schedule is not supported, please use spec.timeZone';
  const body = schedule.trim();
  if (cronMacros.includes(body)) return undefined;
  const fields = body.trim().split(/\s+/);
  if (fields.length !== 5)
    return 'must be a cron expression of 5 fields (minute hour day-of-month month day-of-week) or a macro such as @hourly';
  const bad = fields.find((field) => !cronFieldPattern.test(field.replace(/^\?$/, '*')));
  return bad === undefined ? undefined : `field "${bad}" is not a cron field`;
}

/** Why `timeZone` is not an IANA time zone name this machine knows, or undefined. */
export function timeZoneError(timeZone: string): string | undefined {
  if (timeZone === '' || timeZone.length > 64) return 'must be an IANA time zone name such as Europe/Paris';
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return undefined;
  } catch {
    return 'unknown time zone: use an IANA name such as Europe/Paris or America/New_York';
  }
}

export function validateCronJob(errors: Errors, object: CronJob): void {
  const spec = object.spec ?? {};
  if (required(errors, 'spec.schedule', spec.schedule)) {
    const problem = cronScheduleError(spec.schedule);
    if (problem !== undefined) fail(errors, 'spec.schedule', `invalid value "${spec.schedule}": ${problem}`);
  }
  if (spec.timeZone !== undefined) {
    const problem = timeZoneError(spec.timeZone);
    if (problem !== undefined) fail(errors, 'spec.timeZone', `invalid value "${spec.timeZone}": ${problem}`);
  }
  checkEnum(errors, 'spec.concurrencyPolicy', spec.concurrencyPolicy, ['Allow', 'Forbid', 'Replace']);
  checkMinimum(errors, 'spec.startingDeadlineSeconds', spec.startingDeadlineSeconds, 0);
  checkMinimum(errors, 'spec.successfulJobsHistoryLimit', spec.successfulJobsHistoryLimit, 0);
  checkMinimum(errors, 'spec.failedJobsHistoryLimit', spec.failedJobsHistoryLimit, 0);
  // a Job's name is the CronJob's plus an 11-character suffix, and must stay a DNS label
  const name = object.metadata?.name ?? '';
  if (name.length > 52) fail(errors, 'metadata.name', 'must be no more than 52 characters');
  validateJobSpec(errors, 'spec.jobTemplate.spec', spec.jobTemplate?.spec);
}
