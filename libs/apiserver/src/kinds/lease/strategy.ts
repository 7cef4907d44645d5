import type { Lease } from "@capstan/api";
import { type FieldError, fieldError } from "@capstan/apimachinery";
import { ageColumn } from "../../registry/default-strategy.js";
import type { KindDefinition } from "../shared/kind-definition.js";

function validateLease(lease: Lease): FieldError[] {
  const errors: FieldError[] = [];
  const duration = lease.spec?.leaseDurationSeconds;
  if (duration !== undefined && duration <= 0)
    errors.push(fieldError.invalid("spec.leaseDurationSeconds", duration, "must be greater than 0"));
  const transitions = lease.spec?.leaseTransitions;
  if (transitions !== undefined && transitions < 0)
    errors.push(
      fieldError.invalid("spec.leaseTransitions", transitions, "must be greater than or equal to 0"),
    );
  return errors;
}

/** Lease: a positive duration and non-negative transitions; `HOLDER AGE` columns. */
export const leaseKind: KindDefinition<Lease> = {
  validate: validateLease,
  columns: [
    {
      name: "Holder",
      type: "string",
      description: "Who holds the lease.",
      priority: 0,
      cell: (lease) => lease.spec?.holderIdentity ?? "",
    },
    ageColumn,
  ],
};
