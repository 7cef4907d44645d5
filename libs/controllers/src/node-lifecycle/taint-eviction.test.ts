import { create } from "@bufbuild/protobuf";
import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import { type Pod, PodSchema, type Taint, TaintSchema } from "@capstan/api";
import { describe, expect, it } from "vitest";
import { evictionTime } from "./taint-eviction.js";

const unreachable = (addedAt: number): Taint =>
  create(TaintSchema, {
    key: "node.kubernetes.io/unreachable",
    effect: "NoExecute",
    timeAdded: timestampFromMs(addedAt),
  });

function podTolerating(
  ...tolerations: { key?: string; operator?: string; effect?: string; seconds?: number }[]
): Pod {
  return create(PodSchema, {
    spec: {
      tolerations: tolerations.map((t) => ({
        key: t.key ?? "",
        operator: t.operator ?? "Exists",
        effect: t.effect ?? "",
        tolerationSeconds: t.seconds === undefined ? undefined : BigInt(t.seconds),
      })),
    },
  });
}

describe("evictionTime", () => {
  it("evicts at once a pod that does not tolerate a NoExecute taint", () => {
    expect(evictionTime(podTolerating(), [unreachable(1_000)], 5_000)).toBe(5_000);
  });

  it("counts the shortest tolerationSeconds from the time the taint was added", () => {
    const pod = podTolerating(
      { key: "node.kubernetes.io/unreachable", effect: "NoExecute", seconds: 300 },
      { key: "node.kubernetes.io/unreachable", seconds: 30 },
    );
    expect(evictionTime(pod, [unreachable(1_000)], 5_000)).toBe(31_000);
  });

  it("keeps a pod that tolerates every NoExecute taint without a time limit, and ignores other effects", () => {
    expect(evictionTime(podTolerating({}), [unreachable(1_000)], 5_000)).toBeUndefined();
    const noSchedule = create(TaintSchema, { key: "x", effect: "NoSchedule" });
    expect(evictionTime(podTolerating(), [noSchedule], 5_000)).toBeUndefined();
  });

  it("does not count a toleration for another effect", () => {
    const pod = podTolerating({ key: "node.kubernetes.io/unreachable", effect: "NoSchedule" });
    expect(evictionTime(pod, [unreachable(1_000)], 5_000)).toBe(5_000);
  });
});
