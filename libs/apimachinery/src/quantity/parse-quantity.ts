import { ApiError } from "../api-error.js";

/** How a quantity was written, which decides how it is printed back (Kubernetes' resource.Format). */
export type QuantityFormat = "DecimalSI" | "BinarySI" | "DecimalExponent";

/** A parsed quantity before it becomes a Quantity: exact nano-units and the format to print in. */
export interface ParsedQuantity {
  readonly nanos: bigint;
  readonly format: QuantityFormat;
}

/** Kubernetes' own error texts (k8s.io/apimachinery/pkg/api/resource), which users search for. */
const FORMAT_WRONG =
  "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
const SUFFIX_WRONG = "unable to parse quantity's suffix";
const NUMERIC_WRONG = "unable to parse numeric value";

/** The number, then a suffix made of suffix letters and an optional signed exponent. */
const SHAPE = /^([+-]?)([0-9]*)(?:\.([0-9]*))?([eEinumkKMGTP]*[-+]?[0-9]*)$/;

const DECIMAL_SUFFIXES: Record<string, number> = {
  n: -9,
  u: -6,
  m: -3,
  "": 0,
  k: 3,
  M: 6,
  G: 9,
  T: 12,
  P: 15,
  E: 18,
};
const BINARY_SUFFIXES: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };

/** Decimal exponents beyond this are refused: nobody means 1e1000 CPUs, and bigints that large are slow. */
const MAX_DECIMAL_EXPONENT = 1000;

/** Kubernetes caps binary quantities at the largest int64. */
const MAX_BINARY_NANOS = (2n ** 63n - 1n) * 1_000_000_000n;

const NANOS_PER_UNIT = 1_000_000_000n;

/**
 * Parses Kubernetes' quantity syntax: `100m`, `128Mi`, `1.5Gi`, `1e3`, `-2k`, `.5`. Values finer than
 * one nano-unit round up (away from zero), as Kubernetes does, so a request is never rounded to nothing.
 */
export function parseQuantityText(text: string): ParsedQuantity {
  const match = SHAPE.exec(text);
  if (!match) throw ApiError.badRequest(FORMAT_WRONG);
  const [, sign = "", whole = "", fraction = "", suffix = ""] = match;
  if (whole.length === 0 && fraction.length === 0) throw ApiError.badRequest(FORMAT_WRONG);
  const { base, exponent, format } = interpretSuffix(suffix);
  const mantissa = BigInt(`${whole}${fraction}` || "0");
  // value = mantissa * 10^-fraction.length * base^exponent; count it in nano-units.
  let magnitude =
    base === 10
      ? scaleByPowerOfTen(mantissa, exponent - fraction.length + 9)
      : scaleByPowerOfTen(mantissa * 2n ** BigInt(exponent), 9 - fraction.length);
  let resultFormat = format;
  if (format === "BinarySI") {
    if (magnitude > MAX_BINARY_NANOS) magnitude = MAX_BINARY_NANOS;
    // Below one unit there is nothing binary to print; Kubernetes switches such values to DecimalSI.
    if (magnitude > 0n && magnitude < NANOS_PER_UNIT) resultFormat = "DecimalSI";
  }
  return { nanos: sign === "-" ? -magnitude : magnitude, format: resultFormat };
}

function interpretSuffix(suffix: string): { base: 2 | 10; exponent: number; format: QuantityFormat } {
  const decimal = DECIMAL_SUFFIXES[suffix];
  if (decimal !== undefined) return { base: 10, exponent: decimal, format: "DecimalSI" };
  const binary = BINARY_SUFFIXES[suffix];
  if (binary !== undefined) return { base: 2, exponent: binary, format: "BinarySI" };
  if (suffix.length > 1 && (suffix[0] === "e" || suffix[0] === "E")) {
    const digits = suffix.slice(1);
    if (!/^[+-]?[0-9]+$/.test(digits)) throw ApiError.badRequest(SUFFIX_WRONG);
    const exponent = Number(digits);
    if (Math.abs(exponent) > MAX_DECIMAL_EXPONENT) throw ApiError.badRequest(NUMERIC_WRONG);
    return { base: 10, exponent, format: "DecimalExponent" };
  }
  throw ApiError.badRequest(SUFFIX_WRONG);
}

/** `value * 10^power`, rounding a fractional result up (the value is non-negative). */
function scaleByPowerOfTen(value: bigint, power: number): bigint {
  if (power >= 0) return value * 10n ** BigInt(power);
  const divisor = 10n ** BigInt(-power);
  const quotient = value / divisor;
  return value % divisor === 0n ? quotient : quotient + 1n;
}
