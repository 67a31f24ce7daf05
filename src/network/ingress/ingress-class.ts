/**
 * Which Ingresses this controller serves (networking.k8s.io/v1 class
 * semantics), and the order in which they take precedence.
 */
import type { Ingress, IngressClass } from '../../api/index.js';

/** The `spec.controller` value of the IngressClasses this proxy serves. */
export const ingressControllerName = 'orca.dev/ingress';

export const defaultClassAnnotation = 'ingressclass.kubernetes.io/is-default-class';
export const legacyClassAnnotation = 'kubernetes.io/ingress.class';

export interface ObjectRef {
  readonly namespace: string;
  readonly name: string;
}

export function refOf(object: { metadata?: { namespace?: string; name?: string } }): ObjectRef {
  return { namespace: object.metadata?.namespace ?? '', name: object.metadata?.name ?? '' };
}

export function refKey(ref: ObjectRef): string {
  return `${ref.namespace}/${ref.name}`;
}

/**
 * Decides by spec.ingressClassName when set (it is authoritative, as in
 * Kubernetes), else by the legacy annotation, else by a default class of ours.
 * When several default classes exist Kubernetes' admission would refuse to
 * pick; we take the Ingress if any default class is ours.
 */
export function isIngressOurs(
  ingress: Ingress,
  classes: readonly IngressClass[],
  controller: string = ingressControllerName,
): boolean {
  const ours = new Set(
    classes.filter((item) => item.spec?.controller === controller).map((item) => item.metadata?.name ?? ''),
  );
  const className = ingress.spec?.ingressClassName ?? '';
  if (className !== '') return ours.has(className);
  const legacy = ingress.metadata?.annotations?.[legacyClassAnnotation] ?? '';
  if (legacy !== '') return ours.has(legacy);
  return classes.some(
    (item) => item.spec?.controller === controller && item.metadata?.annotations?.[defaultClassAnnotation] === 'true',
  );
}

function creationMs(ingress: Ingress): number {
  const parsed = Date.parse(ingress.metadata?.creationTimestamp ?? '');
  // an Ingress without a timestamp sorts as the newest so it never displaces a dated one
  return Number.isNaN(parsed) ? Number.POSITIVE_INFINITY : parsed;
}

/** Oldest first (creationTimestamp, then namespace/name): the order in which conflicts are won. */
export function compareIngressAge(left: Ingress, right: Ingress): number {
  const byTime = creationMs(left) - creationMs(right);
  if (byTime !== 0 && !Number.isNaN(byTime)) return byTime;
  const leftKey = refKey(refOf(left));
  const rightKey = refKey(refOf(right));
  return leftKey < rightKey ? -1 : leftKey > rightKey ? 1 : 0;
}

/** Our Ingresses, oldest first; Ingresses being deleted are still served until they are gone. */
export function ourIngresses(
  source: { ingresses(): Iterable<Ingress>; ingressClasses(): Iterable<IngressClass> },
  controller: string = ingressControllerName,
): Ingress[] {
  const classes = [...source.ingressClasses()];
  return [...source.ingresses()]
    .filter((ingress) => isIngressOurs(ingress, classes, controller))
    .sort(compareIngressAge);
}
