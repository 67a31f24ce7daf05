// Plain JSON values as the patch engine sees them, and the checks every patch
// passes before it is applied: depth, size, and no key that would reach an
// object's prototype.
import { PatchError, patchLimits } from './errors.js';

export type Json = Record<string, unknown>;

/** What a JSON value is, for the type checks of the merges (numbers are one kind, as Kubernetes' decoder makes them). */
export type ValueKind = 'object' | 'list' | 'string' | 'number' | 'boolean' | 'null';

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function kindOf(value: unknown): ValueKind {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'list';
  if (typeof value === 'object') return 'object';
  if (typeof value === 'string') return 'string';
  if (typeof value === 'boolean') return 'boolean';
  return 'number';
}

/** A deep copy: the merges work in place, as Kubernetes' do, on copies of their inputs. */
export function clone<T>(value: T): T {
  return structuredClone(value);
}

export function deepEqual(left: unknown, right: unknown): boolean {
  if (left === right) return true;
  if (Array.isArray(left)) {
    if (!Array.isArray(right) || left.length !== right.length) return false;
    return left.every((item, index) => deepEqual(item, right[index]));
  }
  if (isObject(left)) {
    if (!isObject(right)) return false;
    const leftKeys = Object.keys(left).filter((key) => left[key] !== undefined);
    const rightKeys = Object.keys(right).filter((key) => right[key] !== undefined);
    if (leftKeys.length !== rightKeys.length) return false;
    return leftKeys.every((key) => Object.hasOwn(right, key) && deepEqual(left[key], right[key]));
  }
  return false;
}

/** JSON with object keys sorted, as Go's encoder writes maps: for merge keys, values of sets and annotations. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (isObject(value)) {
    const entries = Object.keys(value)
      .filter((key) => value[key] !== undefined)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** A short rendering of a value for an error message. */
export function preview(value: unknown): string {
  const text = JSON.stringify(value) ?? 'null';
  return text.length > 200 ? `${text.slice(0, 200)}...` : text;
}

/** The number of values in a JSON tree, counting stops once it passes `stopAfter`. */
export function countNodes(value: unknown, stopAfter: number = patchLimits.nodesMax): number {
  let count = 0;
  const pending: unknown[] = [value];
  while (pending.length > 0 && count <= stopAfter) {
    const next = pending.pop();
    count++;
    if (Array.isArray(next)) pending.push(...next);
    else if (isObject(next)) pending.push(...Object.values(next));
  }
  return count;
}

/**
 * Refuses a patch that is deeper or larger than patchLimits, or that holds a
 * `__proto__` key (which, assigned, would replace an object's prototype
 * rather than add a field).
 */
export function checkPatchValue(value: unknown, what: string): void {
  let count = 0;
  const pending: { value: unknown; depth: number }[] = [{ value, depth: 1 }];
  while (pending.length > 0) {
    const next = pending.pop();
    if (next === undefined) break;
    count++;
    if (count > patchLimits.nodesMax)
      throw new PatchError('too-large', `${what} has more than ${patchLimits.nodesMax} values`);
    if (next.depth > patchLimits.depthMax)
      throw new PatchError('invalid-patch', `${what} is nested deeper than ${patchLimits.depthMax} levels`);
    if (Array.isArray(next.value)) {
      for (const item of next.value) pending.push({ value: item, depth: next.depth + 1 });
    } else if (isObject(next.value)) {
      for (const [key, item] of Object.entries(next.value)) {
        if (key === '__proto__') throw new PatchError('invalid-patch', `${what} has a field named __proto__`);
        pending.push({ value: item, depth: next.depth + 1 });
      }
    }
  }
}
