// Kubernetes resource quantities ("500m", "128Mi", "1.5G", "1e3") with exact
// integer math: a quantity is a whole number of nano-units, so CPU in millicores
// and memory in bytes compare and add without floating point. Finer fractions
// round up to 1n, as Kubernetes rounds them up.
import { ApiError } from './errors.js';

export type QuantityFormat = 'BinarySI' | 'DecimalSI';

export interface Quantity {
  /** The value in units of 10^-9. */
  readonly nanos: bigint;
  /** How to write it back: binary suffixes (Ki, Mi) or decimal ones (m, k, M). */
  readonly format: QuantityFormat;
}

/** Longer text is refused before any arithmetic: a limit on everything. */
export const quantityLengthMax = 64;
/** Exponents beyond this are refused so that a typo cannot allocate a huge integer. */
const exponentMax = 30;

const nanosPerUnit = 1_000_000_000n;
const binarySuffixes: ReadonlyMap<string, bigint> = new Map([
  ['Ki', 1n << 10n],
  ['Mi', 1n << 20n],
  ['Gi', 1n << 30n],
  ['Ti', 1n << 40n],
  ['Pi', 1n << 50n],
  ['Ei', 1n << 60n],
]);
const decimalExponents: ReadonlyMap<string, number> = new Map([
  ['n', -9],
  ['u', -6],
  ['m', -3],
  ['', 0],
  ['k', 3],
  ['M', 6],
  ['G', 9],
  ['T', 12],
  ['P', 15],
  ['E', 18],
]);

const quantityPattern = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E))?$/;

/**
 * Parsed quantities, by text: the same few strings (`100m`, `128Mi`, a node's
 * allocatable) are parsed for every pod the scheduler and the state machine's
 * plan re-check look at. Quantities are immutable values, so sharing them is
 * safe; the cache is bounded and simply cleared when full.
 */
const parsed = new Map<string, Quantity>();
const parsedMax = 4096;

export function parseQuantity(text: string): Quantity {
  const known = parsed.get(text);
  if (known !== undefined) return known;
  const quantity = parseQuantityText(text);
  if (parsed.size >= parsedMax) parsed.clear();
  parsed.set(text, Object.freeze(quantity));
  return quantity;
}

function parseQuantityText(text: string): Quantity {
  if (text.length === 0 || text.length > quantityLengthMax) throw invalid(text);
  const match = quantityPattern.exec(text);
  if (match === null) throw invalid(text);
  const [, sign = '', number = '', exponentPart, suffix = ''] = match;
  const [whole = '', fraction = ''] = number.split('.');
  // digits × 10^-fraction.length is the number exactly
  const digits = BigInt((whole === '' ? '0' : whole) + fraction);
  let nanos: bigint;
  let format: QuantityFormat = 'DecimalSI';
  const multiplier = binarySuffixes.get(suffix);
  if (multiplier !== undefined) {
    format = 'BinarySI';
    nanos = scaleByPowerOfTen(digits * multiplier, 9 - fraction.length);
  } else {
    const exponent = exponentPart !== undefined ? Number(exponentPart.slice(1)) : (decimalExponents.get(suffix) ?? 0);
    if (Math.abs(exponent) > exponentMax) throw invalid(text);
    nanos = scaleByPowerOfTen(digits, 9 - fraction.length + exponent);
  }
  return { nanos: sign === '-' ? -nanos : nanos, format };
}

export function isQuantity(text: string): boolean {
  try {
    parseQuantity(text);
    return true;
  } catch (error: unknown) {
    if (error instanceof ApiError) return false;
    throw error;
  }
}

/** Multiply by 10^power; a negative power divides, rounding away from zero (up, for positive values). */
function scaleByPowerOfTen(value: bigint, power: number): bigint {
  if (power >= 0) return value * 10n ** BigInt(power);
  const divisor = 10n ** BigInt(-power);
  const quotient = value / divisor;
  return value % divisor === 0n ? quotient : quotient + 1n;
}

function invalid(text: string): ApiError {
  const shown = text.length > quantityLengthMax ? `${text.slice(0, quantityLengthMax)}…` : text;
  return new ApiError(
    'invalid-quantity',
    `quantity "${shown}": must match the Kubernetes quantity syntax, like 500m, 2, 1.5Gi or 1e3`,
  );
}

/** Canonical text: the largest suffix of the quantity's format that keeps the number whole. */
export function formatQuantity(quantity: Quantity): string {
  const negative = quantity.nanos < 0n;
  const magnitude = negative ? -quantity.nanos : quantity.nanos;
  const text = quantity.format === 'BinarySI' ? formatBinary(magnitude) : formatDecimal(magnitude);
  return negative ? `-${text}` : text;
}

function formatBinary(nanos: bigint): string {
  if (nanos % nanosPerUnit !== 0n) return formatDecimal(nanos);
  const units = nanos / nanosPerUnit;
  if (units === 0n) return '0';
  for (const [suffix, multiplier] of [...binarySuffixes].reverse()) {
    if (units % multiplier === 0n) return `${units / multiplier}${suffix}`;
  }
  return `${units}`;
}

function formatDecimal(nanos: bigint): string {
  if (nanos === 0n) return '0';
  for (const [suffix, exponent] of [...decimalExponents].reverse()) {
    const scale = 10n ** BigInt(exponent + 9);
    if (nanos % scale === 0n) return `${nanos / scale}${suffix}`;
  }
  return `${nanos}n`;
}

export function compareQuantities(left: Quantity, right: Quantity): -1 | 0 | 1 {
  if (left.nanos === right.nanos) return 0;
  return left.nanos < right.nanos ? -1 : 1;
}

export function addQuantities(left: Quantity, right: Quantity): Quantity {
  return { nanos: left.nanos + right.nanos, format: left.format };
}

/** Thousandths of a unit, rounded up: millicores for CPU. */
export function milliValue(quantity: Quantity): bigint {
  return scaleByPowerOfTen(quantity.nanos, -6);
}

/** Whole units, rounded up: bytes for memory and storage. */
export function unitValue(quantity: Quantity): bigint {
  return scaleByPowerOfTen(quantity.nanos, -9);
}
