import { create } from "@bufbuild/protobuf";
import { PodSchema } from "@capstan/api";
import { describe, expect, it } from "vitest";
import { replicaPod, testNode, testPod } from "../../test/fixtures.js";
import { affinityTermScope, scopeQuery } from "../framework/affinity-term.js";
import { createSnapshot } from "../framework/snapshot.js";
import { SchedulerCache } from "./scheduler-cache.js";

function bound(name: string, nodeName: string, phase = "Running") {
  const pod = testPod(name, { cpu: "1" }, { nodeName });
  pod.status = create(PodSchema, { status: { phase } }).status;
  return pod;
}

function requestedCpu(cache: SchedulerCache): Record<string, number> {
  return Object.fromEntries(
    cache.snapshot().nodes.map((node) => [node.node.metadata?.name, node.requested.milliCpu]),
  );
}

describe("SchedulerCache", () => {
  it("counts bound pods on their node and lists nodes in name order", () => {
    const cache = new SchedulerCache();
    cache.setNode(testNode("b"));
    cache.setNode(testNode("a"));
    cache.setPod(bound("x", "a"));
    cache.setPod(testPod("pending", { cpu: "1" }));
    expect(requestedCpu(cache)).toEqual({ a: 1000, b: 0 });
    expect(cache.snapshot().nodes.map((node) => node.node.metadata?.name)).toEqual(["a", "b"]);
  });

  it("counts an assumed pod until the watch confirms it or it is removed", () => {
    const cache = new SchedulerCache();
    cache.setNode(testNode("a"));
    const pod = testPod("p", { cpu: "1" });
    cache.assume(pod, "a");
    expect(cache.isAssumed("default/p")).toBe(true);
    expect(requestedCpu(cache)).toEqual({ a: 1000 });
    // A stale unbound copy from the watch does not undo the assumption.
    cache.setPod(pod);
    expect(cache.isAssumed("default/p")).toBe(true);
    cache.setPod(bound("p", "a"));
    expect(cache.isAssumed("default/p")).toBe(false);
    expect(requestedCpu(cache)).toEqual({ a: 1000 });
    cache.removePod("default/p");
    expect(requestedCpu(cache)).toEqual({ a: 0 });
  });

  it("stops counting finished pods", () => {
    const cache = new SchedulerCache();
    cache.setNode(testNode("a"));
    cache.setPod(bound("x", "a"));
    cache.setPod(bound("x", "a", "Succeeded"));
    expect(requestedCpu(cache)).toEqual({ a: 0 });
  });

  it("rebuilds a node's view when the node changes or goes away", () => {
    const cache = new SchedulerCache();
    cache.setNode(testNode("a", { cpu: "2" }));
    expect(cache.snapshot().nodes[0]?.allocatable.milliCpu).toBe(2000);
    cache.setNode(testNode("a", { cpu: "8" }));
    expect(cache.snapshot().nodes[0]?.allocatable.milliCpu).toBe(8000);
    cache.removeNode("a");
    expect(cache.snapshot().nodes).toEqual([]);
  });
});

describe("SchedulerCache indexes", () => {
  const antiWeb = (name: string, nodeName: string) =>
    testPod(
      name,
      {},
      {
        nodeName,
        affinity: {
          podAntiAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: [
              { labelSelector: { matchLabels: { app: "web" } }, topologyKey: "kubernetes.io/hostname" },
            ],
          },
        },
      },
      { labels: { app: "web" } },
    );
  const webQuery = () => {
    const [term] =
      antiWeb("q", "a").spec?.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? [];
    if (!term) throw new Error("fixture has a term");
    return scopeQuery(affinityTermScope(term, "default"));
  };

  it("answers pod queries and anti-affinity terms as a full scan does, as pods come and go", () => {
    const cache = new SchedulerCache();
    for (const name of ["a", "b"]) cache.setNode(testNode(name));
    const query = webQuery();
    expect(cache.snapshot().countPods(query).size).toBe(0);
    cache.setPod(antiWeb("w1", "a"));
    cache.assume(antiWeb("w2", "b"), "b");
    cache.setPod(antiWeb("w3", "b"));
    cache.setPod(replicaPod("other", 1, { nodeName: "a" }));
    const check = () => {
      const indexed = cache.snapshot();
      const scanned = createSnapshot(indexed.nodes);
      expect(new Map(indexed.countPods(query))).toEqual(new Map(scanned.countPods(query)));
      expect(indexed.antiAffinityTerms().map((t) => new Map(t.podsPerNode))).toEqual(
        scanned.antiAffinityTerms().map((t) => new Map(t.podsPerNode)),
      );
    };
    check();
    expect(new Map(cache.snapshot().countPods(query))).toEqual(
      new Map([
        ["a", 1],
        ["b", 2],
      ]),
    );
    cache.removePod("default/w3");
    cache.removePod("default/w1");
    check();
    expect(cache.snapshot().antiAffinityTerms()).toHaveLength(1);
    cache.removePod("default/w2");
    expect(cache.snapshot().antiAffinityTerms()).toEqual([]);
    expect(cache.snapshot().countPods(query).size).toBe(0);
  });
});
