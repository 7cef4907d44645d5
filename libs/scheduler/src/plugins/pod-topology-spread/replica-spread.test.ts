import { describe, expect, it } from "vitest";
import { replicaPod, testNode, zonedNode } from "../../../test/fixtures.js";
import { createDefaultFramework } from "../../framework/default-plugins.js";
import type { Framework } from "../../framework/framework.js";
import { createProfileFramework, defaultSchedulerProfile } from "../../profile/profile.js";
import { SchedulerCache } from "../../scheduler/scheduler-cache.js";

/** Schedules `count` replicas one by one with the default profile, each placed in the cache as the scheduler does. */
function placeReplicas(
  cache: SchedulerCache,
  count: number,
  framework: Framework = createDefaultFramework(),
) {
  const perNode: Record<string, number> = {};
  for (let i = 0; i < count; i++) {
    const pod = replicaPod("web", i);
    const { nodeName } = framework.schedule(pod, cache.snapshot());
    cache.assume(pod, nodeName);
    perNode[nodeName] = (perNode[nodeName] ?? 0) + 1;
  }
  return perNode;
}

describe("default spreading of a ReplicaSet's pods", () => {
  it("puts 30 replicas on 3 equal nodes 10/10/10", () => {
    const cache = new SchedulerCache();
    for (const name of ["a", "b", "c"]) cache.setNode(testNode(name));
    expect(placeReplicas(cache, 30)).toEqual({ a: 10, b: 10, c: 10 });
  });

  it("does so by spreading alone, with no resource scoring", () => {
    const cache = new SchedulerCache();
    for (const name of ["a", "b", "c"]) cache.setNode(testNode(name));
    const spreadOnly = createProfileFramework({
      ...defaultSchedulerProfile(),
      scores: [{ name: "PodTopologySpread", weight: 1 }],
      binders: [],
    });
    expect(placeReplicas(cache, 30, spreadOnly)).toEqual({ a: 10, b: 10, c: 10 });
  });

  it("evens out zones too", () => {
    const cache = new SchedulerCache();
    cache.setNode(zonedNode("a1", "z1"));
    cache.setNode(zonedNode("a2", "z1"));
    cache.setNode(zonedNode("b1", "z2"));
    cache.setNode(zonedNode("b2", "z2"));
    expect(placeReplicas(cache, 8)).toEqual({ a1: 2, a2: 2, b1: 2, b2: 2 });
  });
});
