import { create } from "@bufbuild/protobuf";
import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import {
  type Deployment,
  DeploymentSchema,
  intOrString,
  type ReplicaSet,
  ReplicaSetSchema,
} from "@capstan/api";
import { describe, expect, it } from "vitest";
import { MAX_REPLICAS_ANNOTATION } from "./annotations.js";
import { proportionalSizes } from "./proportional-scale.js";

function deployment(replicas: number): Deployment {
  return create(DeploymentSchema, {
    spec: {
      replicas,
      strategy: {
        type: "RollingUpdate",
        rollingUpdate: { maxSurge: intOrString(3), maxUnavailable: intOrString(2) },
      },
    },
  });
}

function replicaSet(name: string, replicas: number, maxReplicas: number, createdAt: number): ReplicaSet {
  return create(ReplicaSetSchema, {
    metadata: {
      name,
      creationTimestamp: timestampFromMs(createdAt),
      annotations: { [MAX_REPLICAS_ANNOTATION]: String(maxReplicas) },
    },
    spec: { replicas },
  });
}

const sizesByName = (sizes: Map<ReplicaSet, number>) =>
  Object.fromEntries([...sizes].map(([rs, size]) => [rs.metadata?.name, size]));

describe("proportional scaling", () => {
  it("spreads a scale-up mid-rollout in proportion to each ReplicaSet's share (Kubernetes' example)", () => {
    // 10 replicas, maxSurge 3: old 8 + new 5 = 13 = 10 + 3; scaled to 15 (+5) the allowance is 18.
    const old = replicaSet("old", 8, 13, 1);
    const fresh = replicaSet("new", 5, 13, 2);
    const sizes = sizesByName(proportionalSizes(deployment(15), [old, fresh]));
    expect(sizes).toEqual({ old: 11, new: 7 });
    expect(sizes.old + sizes.new).toBe(18);
  });

  it("takes a scale-down from both, never below zero", () => {
    const old = replicaSet("old", 8, 13, 1);
    const fresh = replicaSet("new", 5, 13, 2);
    const sizes = sizesByName(proportionalSizes(deployment(5), [old, fresh]));
    expect(sizes.old + sizes.new).toBe(8);
    expect(sizes.old).toBeGreaterThanOrEqual(sizes.new);
    expect(sizesByName(proportionalSizes(deployment(0), [old, fresh]))).toEqual({ old: 0, new: 0 });
  });
});
