import { create } from "@bufbuild/protobuf";
import { type Deployment, DeploymentSchema, intOrString } from "@capstan/api";
import { TerminalError } from "@capstan/client";
import { describe, expect, it } from "vitest";
import {
  maxSurge,
  maxUnavailable,
  newReplicaSetSize,
  resolveFenceposts,
  scaledValue,
} from "./rolling-math.js";

function deployment(
  replicas: number,
  surge: number | string,
  unavailable: number | string,
  type = "RollingUpdate",
): Deployment {
  return create(DeploymentSchema, {
    spec: {
      replicas,
      strategy: {
        type,
        rollingUpdate: { maxSurge: intOrString(surge), maxUnavailable: intOrString(unavailable) },
      },
    },
  });
}

describe("rolling update arithmetic", () => {
  it("rounds surge up and unavailable down, as Kubernetes", () => {
    expect(scaledValue(intOrString("25%"), 10, true)).toBe(3);
    expect(scaledValue(intOrString("25%"), 10, false)).toBe(2);
    expect(scaledValue(intOrString(4), 10, false)).toBe(4);
    expect(resolveFenceposts(intOrString("25%"), intOrString("25%"), 1)).toEqual({
      surge: 1,
      unavailable: 0,
    });
    expect(resolveFenceposts(intOrString("10%"), intOrString("10%"), 3)).toEqual({
      surge: 1,
      unavailable: 0,
    });
  });

  it("allows one unavailable when both bounds resolve to zero", () => {
    expect(resolveFenceposts(intOrString(0), intOrString("10%"), 5)).toEqual({ surge: 0, unavailable: 1 });
  });

  it("caps unavailable at replicas and gives Recreate no surge or unavailability", () => {
    expect(maxUnavailable(deployment(2, 0, 5))).toBe(2);
    expect(maxUnavailable(deployment(0, 1, 1))).toBe(0);
    expect(maxSurge(deployment(10, "30%", 0, "Recreate"))).toBe(0);
    expect(maxUnavailable(deployment(10, "30%", 1, "Recreate"))).toBe(0);
  });

  it("grows the new ReplicaSet within the surge allowance", () => {
    const d = deployment(10, 3, 2);
    expect(newReplicaSetSize(d, 10, 0)).toBe(3);
    expect(newReplicaSetSize(d, 13, 3)).toBe(3);
    expect(newReplicaSetSize(d, 11, 8)).toBe(10);
    expect(newReplicaSetSize(deployment(10, 3, 2, "Recreate"), 0, 0)).toBe(10);
  });

  it("rejects a malformed percentage with a TerminalError", () => {
    expect(() => scaledValue(intOrString("x%"), 10, true)).toThrow(TerminalError);
  });
});
