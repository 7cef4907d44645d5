import type { QuantityFormat } from "./parse-quantity.js";

const DECIMAL_SUFFIX_BY_EXPONENT: Record<number, string> = {
  [-9]: "n",
  [-6]: "u",
  [-3]: "m",
  0: "",
  3: "k",
  6: "M",
  9: "G",
  12: "T",
  15: "P",
  18: "E",
};
const BINARY_SUFFIXES = ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"];
const NANOS_PER_UNIT = 1_000_000_000n;

/**
 * Kubernetes' canonical text of a quantity (Quantity.String): the largest suffix that keeps an integer
 * mantissa, decimal exponents a multiple of 3 (`1500m`, `1k`, `1G`), binary only for whole values of at
 * least 1Ki that divide by 1024 evenly (`128Mi`, `1536Mi`), otherwise decimal.
 */
export function formatQuantity(nanos: bigint, format: QuantityFormat): string {
  if (nanos === 0n) return "0";
  const sign = nanos < 0n ? "-" : "";
  const magnitude = nanos < 0n ? -nanos : nanos;
  if (format === "BinarySI" && magnitude >= 1024n * NANOS_PER_UNIT && magnitude % NANOS_PER_UNIT === 0n)
    return sign + formatBinary(magnitude / NANOS_PER_UNIT);
  return sign + formatDecimal(magnitude, format === "DecimalExponent");
}

function formatBinary(units: bigint): string {
  let mantissa = units;
  let power = 0;
  while (power < BINARY_SUFFIXES.length - 1 && mantissa % 1024n === 0n) {
    mantissa /= 1024n;
    power++;
  }
  return `${mantissa}${BINARY_SUFFIXES[power]}`;
}

function formatDecimal(magnitude: bigint, asExponent: boolean): string {
  let mantissa = magnitude;
  let exponent = -9;
  while (mantissa % 10n === 0n) {
    mantissa /= 10n;
    exponent++;
  }
  // Lower the exponent to a multiple of 3 so it maps onto an SI suffix.
  const excess = ((exponent % 3) + 3) % 3;
  mantissa *= 10n ** BigInt(excess);
  exponent -= excess;
  if (asExponent) return exponent === 0 ? `${mantissa}` : `${mantissa}e${exponent}`;
  // Past exa there is no suffix: keep "E" and grow the mantissa instead.
  if (exponent > 18) {
    mantissa *= 10n ** BigInt(exponent - 18);
    exponent = 18;
  }
  return `${mantissa}${DECIMAL_SUFFIX_BY_EXPONENT[exponent]}`;
}
