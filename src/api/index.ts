// The public surface of the Orca object model. Other components import from
// here, not from the files behind it.
export {
  ApiError,
  ManifestError,
  ValidationError,
  renderFieldError,
  type ApiErrorCode,
  type FieldError,
} from './errors.js';
export type * from './model.js';
export { kindFor, kindInfo, kinds, rbacGroup, resolveResourceName, type KindInfo } from './kinds.js';
export {
  annotationsBytesMax,
  bindingSubjectsMax,
  encodedBytes,
  manifestBytesMax,
  manifestObjectsMax,
  objectBytesMax,
  roleRulesMax,
  ruleEntriesMax,
} from './limits.js';
export {
  configKeyError,
  dns1035LabelError,
  dnsLabelError,
  dnsSubdomainError,
  labelValueError,
  pathSegmentNameError,
  portNameError,
  qualifiedNameError,
} from './names.js';
export {
  addQuantities,
  compareQuantities,
  formatQuantity,
  isQuantity,
  milliValue,
  parseQuantity,
  quantityLengthMax,
  unitValue,
  type Quantity,
  type QuantityFormat,
} from './quantity.js';
export {
  fieldValue,
  formatLabelSelector,
  labelSelectorRequirements,
  matchesFields,
  matchesLabels,
  parseFieldSelector,
  parseLabelSelector,
  selectableFields,
  type FieldRequirement,
  type LabelOperator,
  type LabelRequirement,
  type LabelRequirements,
  type SelectableField,
  type SelectableObject,
} from './selectors.js';
export { assertValid, validateObject, validateObjectUpdate } from './validation.js';
export { cronScheduleError, timeZoneError } from './validate-workloads.js';
export { nodePortMax, nodePortMin } from './validate-core.js';
export { defaultImagePullPolicy, defaultObject, defaultPodSpec } from './defaults.js';
export { decodeObject, encodeObject, parseManifest, toJson, toYaml, type DecodeContext } from './manifest.js';
export { objectFromWire, objectToWire } from './wire.js';
export {
  addResources,
  nodeAllocatable,
  podResourceRequests,
  zeroResources,
  type PodRequests,
  type Resources,
} from './resources.js';
export * from './join-token.js';
export { age, humanDuration } from './age.js';
export { kindColumns, podStatus, type Column, type KindColumns } from './table-columns.js';
