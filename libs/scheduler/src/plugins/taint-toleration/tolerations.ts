/** The fields of a taint that matching reads. */
export interface TaintLike {
  readonly key: string;
  readonly value: string;
  readonly effect: string;
}

/** The fields of a toleration that matching reads. */
export interface TolerationLike {
  readonly key: string;
  readonly operator: string;
  readonly value: string;
  readonly effect: string;
}

/**
 * Kubernetes' toleration match: an empty effect tolerates every effect; `Exists` with an empty key
 * tolerates every taint; `Exists` ignores the value; `Equal` (the default) needs the same value.
 */
export function tolerates(toleration: TolerationLike, taint: TaintLike): boolean {
  if (toleration.effect !== "" && toleration.effect !== taint.effect) return false;
  if (toleration.key !== "" && toleration.key !== taint.key) return false;
  const operator = toleration.operator === "" ? "Equal" : toleration.operator;
  if (operator === "Exists") return true;
  if (toleration.key === "") return false;
  return operator === "Equal" && toleration.value === taint.value;
}
