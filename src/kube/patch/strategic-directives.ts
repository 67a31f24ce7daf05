// The vocabulary of strategic merge patch (apimachinery's strategicpatch), and
// the errors it raises, with Kubernetes' messages.
import { PatchError } from './errors.js';
import { isObject, kindOf, preview, type Json } from './json.js';
import type { PatchMeta, PatchStrategy } from './field-meta.js';

export const directiveMarker = '$patch';
export const deleteFromPrimitiveListPrefix = '$deleteFromPrimitiveList';
export const setElementOrderPrefix = '$setElementOrder';
export const retainKeysDirective = '$retainKeys';

/** What a strategic merge patch needs of a schema: each field's metadata, and the schema of its value (a list's items). */
export interface PatchSchema {
  field(key: string): { readonly meta: PatchMeta; readonly schema: PatchSchema };
}

/** A field's strategy without retainKeys (which only says that `$retainKeys` may appear): merge, replace or none. */
export function mainStrategy(meta: PatchMeta): Exclude<PatchStrategy, 'retainKeys' | 'merge,retainKeys'> | undefined {
  if (meta.strategy === 'merge' || meta.strategy === 'merge,retainKeys') return 'merge';
  if (meta.strategy === 'replace') return 'replace';
  return undefined;
}

/** The field a `$deleteFromPrimitiveList/<field>` or `$setElementOrder/<field>` key names. */
export function directiveField(key: string, prefix: string): string {
  const slash = key.indexOf('/');
  if (slash < 0 || key.slice(0, slash) !== prefix) {
    const message =
      prefix === deleteFromPrimitiveListPrefix
        ? 'invalid patch format of primitive list'
        : 'invalid patch format of setElementOrder list';
    throw new PatchError('invalid-patch', message);
  }
  return key.slice(slash + 1);
}

export function noMergeKey(item: unknown, mergeKey: string): PatchError {
  return new PatchError('unprocessable', `map: ${preview(item)} does not contain declared merge key: ${mergeKey}`);
}

export function badPatchType(directive: unknown, patch: unknown): PatchError {
  return new PatchError('invalid-patch', `unknown patch type: ${preview(directive)} in map: ${preview(patch)}`);
}

export function badArgument(expected: string, actual: unknown): PatchError {
  return new PatchError('unprocessable', `expected a ${expected}, but received a ${kindOf(actual)}`);
}

export function badRetainKeys(): PatchError {
  return new PatchError('invalid-patch', 'invalid patch format of retainKeys');
}

export function isDirectiveKey(key: string): boolean {
  return (
    key === directiveMarker ||
    key === retainKeysDirective ||
    key.startsWith(`${setElementOrderPrefix}/`) ||
    key.startsWith(`${deleteFromPrimitiveListPrefix}/`)
  );
}

/**
 * A value of the patch that becomes part of the object as it is (a new field,
 * a new list item, a replaced list): without its nulls and directives, which
 * mean nothing where nothing is merged. `$patch: replace` keeps the map it
 * marks; any other `$patch` removes it. Kubernetes leaves some of these in
 * the result, where strict decoding then refuses them as unknown fields.
 */
export function cleanValue(value: unknown): { value: unknown; keep: boolean } {
  if (Array.isArray(value)) {
    const items: unknown[] = [];
    for (const item of value) {
      if (isObject(item) && Object.hasOwn(item, directiveMarker)) continue;
      items.push(cleanValue(item).value);
    }
    return { value: items, keep: true };
  }
  if (!isObject(value)) return { value, keep: true };
  if (Object.hasOwn(value, directiveMarker) && value[directiveMarker] !== 'replace')
    return { value: undefined, keep: false };
  const result: Json = {};
  for (const [key, item] of Object.entries(value)) {
    if (item === null || isDirectiveKey(key)) continue;
    const cleaned = cleanValue(item);
    if (cleaned.keep) result[key] = cleaned.value;
  }
  return { value: result, keep: true };
}
