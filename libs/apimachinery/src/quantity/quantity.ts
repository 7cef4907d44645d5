import { ApiError } from "../api-error.js";
import { safeText } from "../safe-text.js";
import { formatQuantity } from "./format-quantity.js";
import { parseQuantityText, type QuantityFormat } from "./parse-quantity.js";

const NANOS_PER_UNIT = 1_000_000_000n;
const NANOS_PER_MILLI = 1_000_000n;

/**
 * A Kubernetes resource quantity (`100m`, `128Mi`, `1G`), held exactly as a count of nano-units so that
 * sums of requests never drift. Immutable: arithmetic returns new quantities. The format (decimal SI,
 * binary SI or exponent) only decides how the value prints, as in Kubernetes.
 */
export class Quantity {
  private constructor(
    /** The value in units of 10^-9 (1 CPU = 1e9, 1 byte = 1e9). */
    readonly nanos: bigint,
    readonly format: QuantityFormat,
  ) {}

  /** A quantity of exactly `nanos` nano-units. */
  static fromNanos(nanos: bigint, format: QuantityFormat = "DecimalSI"): Quantity {
    if (typeof nanos !== "bigint") throw ApiError.badRequest("nanos must be a bigint");
    return new Quantity(nanos, format);
  }

  /** A whole number of units (bytes, cores), like Kubernetes' NewQuantity. */
  static fromValue(value: number | bigint, format: QuantityFormat = "DecimalSI"): Quantity {
    return new Quantity(toBigInt(value, "value") * NANOS_PER_UNIT, format);
  }

  /** A whole number of thousandths (millicores), like Kubernetes' NewMilliQuantity. */
  static fromMilli(milli: number | bigint, format: QuantityFormat = "DecimalSI"): Quantity {
    return new Quantity(toBigInt(milli, "milli value") * NANOS_PER_MILLI, format);
  }

  static zero(format: QuantityFormat = "DecimalSI"): Quantity {
    return new Quantity(0n, format);
  }

  /** The sum; keeps this quantity's format unless this is zero (then takes the other's), as Kubernetes does. */
  add(other: Quantity): Quantity {
    requireQuantity(other);
    return new Quantity(this.nanos + other.nanos, this.nanos === 0n ? other.format : this.format);
  }

  /** The difference, with add's format rule. */
  sub(other: Quantity): Quantity {
    requireQuantity(other);
    return new Quantity(this.nanos - other.nanos, this.nanos === 0n ? other.format : this.format);
  }

  /** This quantity times a whole number. */
  mul(factor: number | bigint): Quantity {
    return new Quantity(this.nanos * toBigInt(factor, "factor"), this.format);
  }

  neg(): Quantity {
    return new Quantity(-this.nanos, this.format);
  }

  /** -1, 0 or 1 as this is less than, equal to or greater than `other`. */
  cmp(other: Quantity): -1 | 0 | 1 {
    requireQuantity(other);
    return this.nanos < other.nanos ? -1 : this.nanos > other.nanos ? 1 : 0;
  }

  equals(other: Quantity): boolean {
    return this.cmp(other) === 0;
  }

  isZero(): boolean {
    return this.nanos === 0n;
  }

  /** Whole units, rounded away from zero (`1500m` -> 2), like Kubernetes' Value(). Beyond 2^53 it loses precision. */
  value(): number {
    return Number(divideAwayFromZero(this.nanos, NANOS_PER_UNIT));
  }

  /** Thousandths, rounded away from zero (`1.5` -> 1500), like Kubernetes' MilliValue(). */
  milliValue(): number {
    return Number(divideAwayFromZero(this.nanos, NANOS_PER_MILLI));
  }

  /** Kubernetes' canonical text: `100m`, `128Mi`, `1G`, `1500m`. */
  toString(): string {
    return formatQuantity(this.nanos, this.format);
  }

  /** Quantities serialise as their canonical string, as in the Kubernetes JSON form. */
  toJSON(): string {
    return this.toString();
  }
}

/**
 * Parses a quantity (`100m`, `128Mi`, `1.5Gi`, `1e3`); a JSON number is read as its decimal text.
 * Bad input throws ApiError.badRequest with Kubernetes' message.
 */
export function parseQuantity(input: string | number): Quantity {
  let text: string;
  if (typeof input === "number") {
    if (!Number.isFinite(input)) throw ApiError.badRequest("quantity must be a finite number");
    text = String(input);
  } else if (typeof input === "string") {
    text = input;
  } else {
    throw ApiError.badRequest("quantity must be a string or a number");
  }
  const { nanos, format } = parseQuantityText(text);
  return Quantity.fromNanos(nanos, format);
}

/** Like parseQuantity, but undefined instead of an error. */
export function tryParseQuantity(input: unknown): Quantity | undefined {
  if (typeof input !== "string" && typeof input !== "number") return undefined;
  try {
    return parseQuantity(input);
  } catch (error) {
    if (error instanceof ApiError) return undefined;
    throw error;
  }
}

function toBigInt(value: number | bigint, what: string): bigint {
  if (typeof value === "bigint") return value;
  if (typeof value !== "number" || !Number.isSafeInteger(value))
    throw ApiError.badRequest(`${what} must be a whole number, got ${safeText(value)}`);
  return BigInt(value);
}

function requireQuantity(value: unknown): void {
  if (!(value instanceof Quantity)) throw ApiError.badRequest("expected a Quantity");
}

function divideAwayFromZero(value: bigint, divisor: bigint): bigint {
  const quotient = value / divisor;
  if (value % divisor === 0n) return quotient;
  return value < 0n ? quotient - 1n : quotient + 1n;
}
