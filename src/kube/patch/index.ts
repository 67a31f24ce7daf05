// The PATCH engine of the Kubernetes REST API: pure functions from an object
// and a patch to the patched object, for the four patch types kubectl sends,
// and the field ownership (metadata.managedFields) that server-side apply needs.
export {
  isPatchError,
  PatchError,
  patchErrorStatus,
  patchLimits,
  type PatchErrorCause,
  type PatchErrorCode,
} from './errors.js';
export type { Json } from './json.js';
export { applyPatch, contentTypeToPatchType, parsePatchBody, patchContentTypes, type PatchType } from './patch-type.js';
export { applyJsonPatch } from './json-patch.js';
export { applyMergePatch } from './merge-patch.js';
export { applyStrategicMergePatch } from './strategic-merge-patch.js';
export { patchMetaAtPath } from './schema.js';
export {
  isAtomicMap,
  isAtomicStruct,
  listTypeFor,
  patchMetaFor,
  type ListType,
  type PatchMeta,
  type PatchStrategy,
} from './field-meta.js';
export { lastAppliedAnnotation, serverSideApply, updateManagedFields, type ApplyOptions } from './server-side-apply.js';
export { updateManagersMax, type ManagedFieldsEntry } from './managed-fields.js';
