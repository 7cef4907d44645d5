import type { IntOrString } from "@capstan/api";
import { type FieldError, fieldError } from "@capstan/apimachinery";
import { countOrPercent, intOrStringValue, validateCountOrPercent } from "./int-or-string.js";

/** An update strategy: Deployment's `strategy` or DaemonSet's `updateStrategy`. */
export interface UpdateStrategy {
  type: string;
  rollingUpdate?: { maxUnavailable?: IntOrString; maxSurge?: IntOrString };
}

/** A strategy type among `types`, and the bounds of its rolling update when the type is RollingUpdate. */
export function validateUpdateStrategy(
  strategy: UpdateStrategy | undefined,
  path: string,
  types: readonly string[],
): FieldError[] {
  const type = strategy?.type ?? "";
  if (!types.includes(type)) return [fieldError.notSupported(`${path}.type`, type, types)];
  const rollingUpdate = strategy?.rollingUpdate;
  if (type !== "RollingUpdate" || !rollingUpdate) return [];
  return validateRollingUpdate(rollingUpdate.maxUnavailable, rollingUpdate.maxSurge, `${path}.rollingUpdate`);
}

/**
 * Bounds of a rolling update (Deployment, DaemonSet): each a count or a percentage, maxUnavailable at
 * most 100%, and not both zero (the rollout could never make progress).
 */
function validateRollingUpdate(
  maxUnavailable: IntOrString | undefined,
  maxSurge: IntOrString | undefined,
  path: string,
): FieldError[] {
  const errors = [
    ...validateCountOrPercent(maxUnavailable, `${path}.maxUnavailable`),
    ...validateCountOrPercent(maxSurge, `${path}.maxSurge`),
  ];
  const unavailable = countOrPercent(maxUnavailable);
  if (unavailable.percent && unavailable.amount > 100)
    errors.push(
      fieldError.invalid(
        `${path}.maxUnavailable`,
        intOrStringValue(maxUnavailable),
        "must not be greater than 100%",
      ),
    );
  if (errors.length === 0 && unavailable.amount === 0 && countOrPercent(maxSurge).amount === 0)
    errors.push(
      fieldError.invalid(
        `${path}.maxUnavailable`,
        intOrStringValue(maxUnavailable) ?? 0,
        "may not be 0 when `maxSurge` is 0",
      ),
    );
  return errors;
}
