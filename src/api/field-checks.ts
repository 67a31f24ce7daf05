// Small checks shared by the validators: each appends a FieldError at the path
// it is given and returns whether the value passed, so a caller can skip checks
// that would only repeat the same problem.
import type { FieldError } from './errors.js';
import type { IntOrString, LabelSelector } from './model.js';
import { labelValueError, portNameError, qualifiedNameError } from './names.js';
import { isQuantity } from './quantity.js';

export type Errors = FieldError[];

export function fail(errors: Errors, path: string, message: string): false {
  errors.push({ path, message });
  return false;
}

export function isBlank(value: string | undefined): value is undefined | '' {
  return value === undefined || value === '';
}

export function required(errors: Errors, path: string, value: string | undefined): value is string {
  return isBlank(value) ? fail(errors, path, 'required') : true;
}

/** Run a name rule (from names.ts) on a value that must be present. */
export function checkName(
  errors: Errors,
  path: string,
  value: string | undefined,
  rule: (value: string) => string | undefined,
): boolean {
  if (!required(errors, path, value)) return false;
  const problem = rule(value);
  return problem === undefined ? true : fail(errors, path, `invalid value "${value}": ${problem}`);
}

/** Same, for an optional value. */
export function checkOptionalName(
  errors: Errors,
  path: string,
  value: string | undefined,
  rule: (value: string) => string | undefined,
): boolean {
  return isBlank(value) ? true : checkName(errors, path, value, rule);
}

export function checkEnum(
  errors: Errors,
  path: string,
  value: string | undefined,
  allowed: readonly string[],
  options: { required?: boolean } = {},
): boolean {
  if (isBlank(value)) return options.required === true ? fail(errors, path, 'required') : true;
  if (allowed.includes(value)) return true;
  return fail(
    errors,
    path,
    `unsupported value "${value}": supported values: ${allowed.map((entry) => `"${entry}"`).join(', ')}`,
  );
}

export function checkPort(
  errors: Errors,
  path: string,
  value: number | undefined,
  options: { required?: boolean } = { required: true },
): boolean {
  if (value === undefined || value === 0) return options.required === false ? true : fail(errors, path, 'required');
  return value >= 1 && value <= 65535
    ? true
    : fail(errors, path, `invalid value ${value}: must be between 1 and 65535, inclusive`);
}

/** A port given as a number or as the name of a container port. */
export function checkPortOrName(errors: Errors, path: string, value: IntOrString | undefined): boolean {
  if (value === undefined || (value.intVal === undefined && isBlank(value.strVal)))
    return fail(errors, path, 'required');
  if (value.strVal !== undefined) return checkName(errors, path, value.strVal, portNameError);
  return checkPort(errors, path, value.intVal);
}

export function checkMinimum(errors: Errors, path: string, value: number | undefined, minimum: number): boolean {
  if (value === undefined || value >= minimum) return true;
  return fail(errors, path, `invalid value ${value}: must be greater than or equal to ${minimum}`);
}

export function checkQuantity(errors: Errors, path: string, value: string | undefined): boolean {
  if (!required(errors, path, value)) return false;
  return isQuantity(value)
    ? true
    : fail(errors, path, `invalid value "${value}": must match the quantity syntax, like 500m, 2, 128Mi or 1e3`);
}

export function checkLabels(errors: Errors, path: string, labels: Readonly<Record<string, string>> | undefined): void {
  for (const [key, value] of Object.entries(labels ?? {})) {
    const keyError = qualifiedNameError(key);
    if (keyError !== undefined) fail(errors, `${path}`, `invalid label key "${key}": ${keyError}`);
    const valueError = labelValueError(value);
    if (valueError !== undefined) fail(errors, `${path}.${key}`, `invalid value "${value}": ${valueError}`);
  }
}

/** A count or a percentage such as "25%", as in rolling-update budgets. */
export function checkIntOrPercent(
  errors: Errors,
  path: string,
  value: IntOrString | undefined,
  options: { percentMax?: number } = {},
): boolean {
  if (value === undefined) return true;
  if (value.strVal !== undefined) {
    const match = /^(\d+)%$/.exec(value.strVal);
    if (match === null)
      return fail(errors, path, `invalid value "${value.strVal}": must be an integer or a percentage, like 25%`);
    const percent = Number(match[1]);
    if (options.percentMax !== undefined && percent > options.percentMax)
      return fail(errors, path, `invalid value "${value.strVal}": must not be greater than 100%`);
    return true;
  }
  return checkMinimum(errors, path, value.intVal, 0);
}

export function isZeroIntOrPercent(value: IntOrString | undefined): boolean {
  return value === undefined || value.intVal === 0 || value.strVal === '0%';
}

const selectorOperators = ['In', 'NotIn', 'Exists', 'DoesNotExist'] as const;

export function checkLabelSelector(errors: Errors, path: string, selector: LabelSelector | undefined): void {
  if (selector === undefined) return;
  checkLabels(errors, `${path}.matchLabels`, selector.matchLabels);
  (selector.matchExpressions ?? []).forEach((expression, index) => {
    const expressionPath = `${path}.matchExpressions[${index}]`;
    checkName(errors, `${expressionPath}.key`, expression.key, qualifiedNameError);
    if (!checkEnum(errors, `${expressionPath}.operator`, expression.operator, selectorOperators, { required: true }))
      return;
    checkOperatorValues(errors, expressionPath, expression.operator ?? '', expression.values ?? []);
  });
}

/** In/NotIn need values, Exists/DoesNotExist take none, Gt/Lt take one integer (node selectors). */
export function checkOperatorValues(errors: Errors, path: string, operator: string, values: readonly string[]): void {
  const valuesPath = `${path}.values`;
  if ((operator === 'In' || operator === 'NotIn') && values.length === 0)
    fail(errors, valuesPath, `must be specified when operator is ${operator}`);
  if ((operator === 'Exists' || operator === 'DoesNotExist') && values.length > 0)
    fail(errors, valuesPath, `may not be specified when operator is ${operator}`);
  if ((operator === 'Gt' || operator === 'Lt') && (values.length !== 1 || !/^-?\d+$/.test(values[0] ?? ''))) {
    fail(errors, valuesPath, `must be a single integer when operator is ${operator}`);
  }
}

/** Report each value seen before, at the path of the repeat. */
export function checkUnique(errors: Errors, entries: readonly { path: string; value: string | undefined }[]): void {
  const seen = new Set<string>();
  for (const { path, value } of entries) {
    if (isBlank(value)) continue;
    if (seen.has(value)) fail(errors, path, `duplicate value "${value}"`);
    seen.add(value);
  }
}

export function countSet(...values: unknown[]): number {
  return values.filter((value) => value !== undefined && value !== null).length;
}

const ipv4Pattern = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

export function isIpAddress(value: string): boolean {
  if (ipv4Pattern.test(value)) return true;
  return value.includes(':') && /^[0-9a-fA-F:.]+$/.test(value) && value.split('::').length <= 2;
}

export function isCidr(value: string): boolean {
  const [address = '', prefix, ...rest] = value.split('/');
  if (prefix === undefined || rest.length > 0 || !/^\d{1,3}$/.test(prefix)) return false;
  return isIpAddress(address) && Number(prefix) <= (address.includes(':') ? 128 : 32);
}
