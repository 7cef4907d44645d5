import type { Pod } from "@capstan/api";
import { describe, expect, it } from "vitest";
import { testPod } from "../../../test/fixtures.js";
import { CycleState } from "../../framework/cycle-state.js";
import { createDefaultBinder } from "./default-binder.js";

describe("DefaultBinder", () => {
  it("binds through the binder and claims the pod", async () => {
    const bound: [string, string][] = [];
    const plugin = createDefaultBinder({
      bind: async (pod: Pod, node: string) => {
        bound.push([pod.metadata?.name ?? "", node]);
      },
    });
    expect(await plugin.bind?.(testPod("p"), "a", new CycleState())).toBe(true);
    expect(bound).toEqual([["p", "a"]]);
  });

  it("passes a failed bind on", async () => {
    const plugin = createDefaultBinder({ bind: () => Promise.reject(new Error("conflict")) });
    await expect(plugin.bind?.(testPod("p"), "a", new CycleState())).rejects.toThrow("conflict");
  });
});
