import { create } from "@bufbuild/protobuf";
import { TaintSchema } from "@capstan/api";
import { describe, expect, it } from "vitest";
import { fitTaints, NOT_READY_TAINT, UNREACHABLE_TAINT } from "./node-taints.js";

const taint = (key: string, effect: string) => create(TaintSchema, { key, effect });
const pairs = (taints: { key: string; effect: string }[] | undefined) =>
  taints?.map((t) => `${t.key}:${t.effect}`);

describe("fitTaints", () => {
  it("adds the unreachable NoSchedule taint always and the NoExecute one only when allowed", () => {
    expect(pairs(fitTaints([], "Unknown", "keep", 0))).toEqual([`${UNREACHABLE_TAINT}:NoSchedule`]);
    const allowed = fitTaints([], "Unknown", "allow", 42_000);
    expect(pairs(allowed)).toEqual([`${UNREACHABLE_TAINT}:NoSchedule`, `${UNREACHABLE_TAINT}:NoExecute`]);
    expect(allowed?.[1]?.timeAdded?.seconds).toBe(42n);
  });

  it("swaps not-ready for unreachable, keeps others' taints, and removes ours when the node is ready", () => {
    const before = [
      taint("dedicated", "NoSchedule"),
      taint(NOT_READY_TAINT, "NoExecute"),
      taint(NOT_READY_TAINT, "NoSchedule"),
    ];
    expect(pairs(fitTaints(before, "Unknown", "keep", 0))).toEqual([
      "dedicated:NoSchedule",
      `${UNREACHABLE_TAINT}:NoSchedule`,
    ]);
    expect(pairs(fitTaints(before, "True", "keep", 0))).toEqual(["dedicated:NoSchedule"]);
  });

  it("reports no change when the taints already fit, and drops NoExecute in remove mode", () => {
    const fitted = [taint(UNREACHABLE_TAINT, "NoSchedule"), taint(UNREACHABLE_TAINT, "NoExecute")];
    expect(fitTaints(fitted, "Unknown", "keep", 0)).toBeUndefined();
    expect(pairs(fitTaints(fitted, "Unknown", "remove", 0))).toEqual([`${UNREACHABLE_TAINT}:NoSchedule`]);
  });
});
