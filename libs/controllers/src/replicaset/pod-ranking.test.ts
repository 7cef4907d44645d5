import { create } from "@bufbuild/protobuf";
import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import { type Pod, PodSchema } from "@capstan/api";
import { describe, expect, it } from "vitest";
import { podsToDelete } from "./pod-ranking.js";

interface PodShape {
  node?: string;
  phase?: string;
  readyAt?: number;
  restarts?: number;
  createdAt?: number;
}

function pod(name: string, shape: PodShape): Pod {
  return create(PodSchema, {
    metadata: { name, namespace: "default", creationTimestamp: timestampFromMs(shape.createdAt ?? 0) },
    spec: { nodeName: shape.node ?? "" },
    status: {
      phase: shape.phase ?? "Running",
      conditions:
        shape.readyAt === undefined
          ? []
          : [{ type: "Ready", status: "True", lastTransitionTime: timestampFromMs(shape.readyAt) }],
      containerStatuses: [{ name: "c", restartCount: shape.restarts ?? 0 }],
    },
  });
}

const names = (pods: Pod[]) => pods.map((p) => p.metadata?.name);

describe("podsToDelete", () => {
  it("gives up unscheduled, then pending, then not-ready pods first", () => {
    const pods = [
      pod("ready", { node: "a", readyAt: 1 }),
      pod("running-not-ready", { node: "b" }),
      pod("pending", { node: "c", phase: "Pending" }),
      pod("unscheduled", { phase: "Pending" }),
    ];
    expect(names(podsToDelete(pods, 4))).toEqual(["unscheduled", "pending", "running-not-ready", "ready"]);
  });

  it("prefers crowded nodes, then the shortest ready, then more restarts, then the youngest", () => {
    const pods = [
      pod("alone-old", { node: "x", readyAt: 10, createdAt: 1 }),
      pod("crowded-1", { node: "y", readyAt: 10, createdAt: 1 }),
      pod("crowded-2", { node: "y", readyAt: 20, createdAt: 1 }),
    ];
    expect(names(podsToDelete(pods, 3))).toEqual(["crowded-2", "crowded-1", "alone-old"]);
    const equal = [
      pod("old", { node: "p", readyAt: 5, createdAt: 1 }),
      pod("young", { node: "q", readyAt: 5, createdAt: 2 }),
      pod("restarting", { node: "r", readyAt: 5, createdAt: 0, restarts: 3 }),
    ];
    expect(names(podsToDelete(equal, 2))).toEqual(["restarting", "young"]);
  });

  it("returns nothing for a count of zero or less", () => {
    expect(podsToDelete([pod("a", {})], 0)).toEqual([]);
    expect(podsToDelete([pod("a", {})], -2)).toEqual([]);
  });
});
