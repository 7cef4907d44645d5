import { decodeObject, findKind, type Lease, LeaseSchema } from "@capstan/api";
import { formatFieldError } from "@capstan/apimachinery";
import { describe, expect, it } from "vitest";
import { strategyFor } from "../index.js";

const type = findKind("coordination.k8s.io/v1", "Lease");
if (!type) throw new Error("the resource table has no Lease");
const strategy = strategyFor(type);

function lease(spec: Record<string, unknown>): Lease {
  return decodeObject(
    LeaseSchema,
    { metadata: { name: "node-1", namespace: "kube-node-lease" }, spec },
    { unknownFields: "strict" },
  ).message;
}

describe("leases", () => {
  it("want a positive duration", () => {
    expect(strategy.validate(lease({ holderIdentity: "node-1", leaseDurationSeconds: 40 }))).toEqual([]);
    expect(
      strategy.validate(lease({ leaseDurationSeconds: 0, leaseTransitions: -1 })).map(formatFieldError),
    ).toEqual([
      "spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0",
      "spec.leaseTransitions: Invalid value: -1: must be greater than or equal to 0",
    ]);
  });

  it("print HOLDER AGE", () => {
    expect(
      strategy.columns.map((column) => column.cell(lease({ holderIdentity: "node-1" }), new Date())),
    ).toEqual(["node-1", "<unknown>"]);
  });
});
