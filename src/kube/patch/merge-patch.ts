/**
 * RFC 7386 JSON Merge Patch (application/merge-patch+json): objects merge key
 * by key, null deletes, and everything else (lists included) replaces.
 */
import { PatchError } from './errors.js';
import { checkPatchValue, clone, isObject, type Json } from './json.js';

/** The target with the merge patch applied; neither input is changed. */
export function applyMergePatch(target: Json, patch: unknown): Json {
  // Kubernetes refuses a patch that is not an object where RFC 7386 would replace the whole document
  if (!isObject(patch)) throw new PatchError('invalid-patch', 'a merge patch must be a JSON object');
  checkPatchValue(patch, 'the merge patch');
  return mergeObject(clone(target), patch);
}

function mergeObject(target: Json, patch: Json): Json {
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) {
      delete target[key];
    } else if (isObject(value)) {
      const current = target[key];
      target[key] = mergeObject(isObject(current) ? current : {}, value);
    } else {
      target[key] = clone(value);
    }
  }
  return target;
}
