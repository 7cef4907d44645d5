import { type Lease, LeaseSchema } from "@capstan/api";
import { formatFieldError } from "@capstan/apimachinery";
import { describe, expect, it } from "vitest";
import { kindFixture } from "../../../test/kind-fixture.js";

const { strategy, decode } = kindFixture("coordination.k8s.io/v1", "Lease", LeaseSchema);

function lease(spec: Record<string, unknown>): Lease {
  return decode({ metadata: { name: "node-1", namespace: "kube-node-lease" }, spec });
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
