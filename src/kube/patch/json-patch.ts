/**
 * RFC 6902 JSON Patch (application/json-patch+json), applied one operation at
 * a time so that a failure names its operation, and so that `copy` cannot grow
 * an object past the size limit.
 */
import jsonPatch, { type Operation } from 'fast-json-patch';
import { PatchError, patchLimits, type PatchErrorCode } from './errors.js';
import { checkPatchValue, clone, countNodes, isObject, preview, type Json } from './json.js';

const operations: ReadonlySet<string> = new Set(['add', 'remove', 'replace', 'move', 'copy', 'test']);

/** fast-json-patch's error names, by what they mean to the client. */
const failureCodes: Readonly<Record<string, PatchErrorCode>> = {
  TEST_OPERATION_FAILED: 'test-failed',
  OPERATION_PATH_UNRESOLVABLE: 'unprocessable',
  OPERATION_FROM_UNRESOLVABLE: 'unprocessable',
  OPERATION_PATH_CANNOT_ADD: 'unprocessable',
  OPERATION_PATH_ILLEGAL_ARRAY_INDEX: 'unprocessable',
  OPERATION_VALUE_OUT_OF_BOUNDS: 'unprocessable',
};

/**
 * The target with the patch applied; the target is not changed. A failing
 * operation throws a PatchError naming its index and path (`test-failed` for
 * a `test` that found another value, `unprocessable` for a path that does not
 * resolve, `invalid-patch` for an operation that is not one).
 */
export function applyJsonPatch(target: Json, patch: unknown): Json {
  // checked first, then copied: fast-json-patch inserts the values of operations by reference
  const steps = clone(checkOperations(patch));
  let document: unknown = clone(target);
  let nodes = countNodes(document);
  steps.forEach((operation, index) => {
    nodes += addedNodes(document, operation);
    if (nodes > patchLimits.nodesMax)
      throw new PatchError(
        'too-large',
        `json patch operation ${index} grows the object past ${patchLimits.nodesMax} values`,
      );
    document = applyOne(document, operation, index);
  });
  if (!isObject(document)) throw new PatchError('unprocessable', 'the patched document is not a JSON object');
  return document;
}

function checkOperations(patch: unknown): Operation[] {
  if (!Array.isArray(patch)) throw new PatchError('invalid-patch', 'a json patch must be a JSON array of operations');
  if (patch.length > patchLimits.jsonPatchOperationsMax)
    throw new PatchError(
      'too-large',
      `The allowed maximum operations in a JSON patch is ${patchLimits.jsonPatchOperationsMax}, got ${patch.length}`,
    );
  checkPatchValue(patch, 'the json patch');
  return patch.map((operation: unknown, index) => checkOperation(operation, index));
}

function checkOperation(operation: unknown, index: number): Operation {
  if (!isObject(operation)) throw new PatchError('invalid-patch', `json patch operation ${index} is not an object`);
  const { op, path, from } = operation;
  if (typeof op !== 'string' || !operations.has(op))
    throw new PatchError('invalid-patch', `json patch operation ${index}: unknown op ${preview(op)}`);
  if (typeof path !== 'string' || (path !== '' && !path.startsWith('/')))
    throw new PatchError('invalid-patch', `json patch operation ${index} (${op}): path must be a JSON pointer`);
  if ((op === 'move' || op === 'copy') && (typeof from !== 'string' || (from !== '' && !from.startsWith('/'))))
    throw new PatchError('invalid-patch', `json patch operation ${index} (${op} ${path}): from must be a JSON pointer`);
  if ((op === 'add' || op === 'replace' || op === 'test') && !Object.hasOwn(operation, 'value'))
    throw new PatchError('invalid-patch', `json patch operation ${index} (${op} ${path}): missing value`);
  return operation as unknown as Operation;
}

/** An upper bound of the values an operation adds: its value, or what it copies. */
function addedNodes(document: unknown, operation: Operation): number {
  if (operation.op === 'add' || operation.op === 'replace') return countNodes(operation.value);
  if (operation.op !== 'copy') return 0;
  try {
    return countNodes(jsonPatch.getValueByPointer(document, operation.from));
  } catch {
    return 0; // an unresolvable `from` fails in applyOne, with its message
  }
}

function applyOne(document: unknown, operation: Operation, index: number): unknown {
  try {
    return jsonPatch.applyOperation(document, operation, true, true, true, index).newDocument;
  } catch (error: unknown) {
    throw failure(error, operation, index);
  }
}

function failure(error: unknown, operation: Operation, index: number): PatchError {
  const name = error instanceof jsonPatch.JsonPatchError ? error.name : '';
  const code = failureCodes[name] ?? 'invalid-patch';
  const subject = `json patch operation ${index} (${operation.op} ${operation.path})`;
  if (code === 'test-failed') {
    const expected = 'value' in operation ? preview(operation.value) : 'the tested value';
    return new PatchError(code, `${subject} failed: the value at ${operation.path} is not ${expected}`);
  }
  if (name === 'OPERATION_FROM_UNRESOLVABLE' && 'from' in operation)
    return new PatchError(code, `${subject} failed: from ${operation.from} does not exist`);
  if (code === 'unprocessable') return new PatchError(code, `${subject} failed: ${describe(name, operation.path)}`);
  const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
  return new PatchError(code, `${subject} is invalid: ${message}`);
}

function describe(name: string, path: string): string {
  if (name === 'OPERATION_PATH_ILLEGAL_ARRAY_INDEX') return `${path} is not a valid list index`;
  if (name === 'OPERATION_VALUE_OUT_OF_BOUNDS') return `${path} is past the end of its list`;
  if (name === 'OPERATION_PATH_CANNOT_ADD') return `the parent of ${path} does not exist`;
  return `${path} does not exist`;
}
