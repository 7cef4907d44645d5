import { describe, expect, it } from "vitest";
import { createProfileFramework, DEFAULT_PLUGINS, defaultSchedulerProfile } from "./profile.js";
import { pluginRegistry } from "./registry.js";

describe("default profile", () => {
  it("runs every filter and scorer Capstan has, in Kubernetes' order", () => {
    expect(DEFAULT_PLUGINS.filters).toEqual([
      "NodeUnschedulable",
      "NodeName",
      "TaintToleration",
      "NodeReadiness",
      "NodeAffinity",
      "NodePorts",
      "NodeResourcesFit",
      "PodTopologySpread",
      "InterPodAffinity",
    ]);
    expect(DEFAULT_PLUGINS.scores.map(({ name }) => name)).toEqual([
      "NodeAffinity",
      "PodTopologySpread",
      "InterPodAffinity",
      "NodeResourcesLeastAllocated",
      "NodeResourcesBalancedAllocation",
    ]);
    const named = [...DEFAULT_PLUGINS.filters, ...DEFAULT_PLUGINS.scores.map(({ name }) => name)];
    expect(named.every((name) => pluginRegistry.has(name))).toBe(true);
  });

  it("needs a binder for DefaultBinder and names unknown plugins", () => {
    expect(() => createProfileFramework(defaultSchedulerProfile())).toThrow(/DefaultBinder needs/);
    expect(() =>
      createProfileFramework({ ...defaultSchedulerProfile(), filters: ["Nope"], binders: [] }),
    ).toThrow(/unknown plugin "Nope"/);
  });
});
