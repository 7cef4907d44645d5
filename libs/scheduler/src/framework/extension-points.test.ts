import type { Pod } from "@capstan/api";
import { describe, expect, it } from "vitest";
import { info, testNode, testPod } from "../../test/fixtures.js";
import { CycleState, StateKey } from "./cycle-state.js";
import { FitError } from "./fit-error.js";
import { createFramework } from "./framework.js";
import { numFeasibleNodesToFind } from "./nodes-to-find.js";
import type { NodeInfo, SchedulerPlugin } from "./types.js";

const nodes = (count: number) =>
  Array.from({ length: count }, (_, i) => info(testNode(`n${String(i).padStart(4, "0")}`)));
const nameOf = (node: NodeInfo) => node.node.metadata?.name ?? "";

describe("extension points", () => {
  it("passes what PreFilter wrote to Filter, once per cycle", () => {
    const seen = new StateKey<string>("seen");
    let preFilters = 0;
    const plugin: SchedulerPlugin = {
      name: "OnlyB",
      preFilter(_pod, _snapshot, state) {
        preFilters++;
        state.write(seen, "b");
        return undefined;
      },
      filter: (_pod, node, state) => (nameOf(node) === state.require(seen) ? undefined : ["not b"]),
    };
    const framework = createFramework({ filters: [plugin], scores: [] });
    expect(framework.schedule(testPod("p"), [info(testNode("a")), info(testNode("b"))]).nodeName).toBe("b");
    expect(preFilters).toBe(1);
  });

  it("rejects every node when PreFilter says so, with the PreFilter reason alone", () => {
    const plugin: SchedulerPlugin = { name: "No", preFilter: () => ["pod has unbound claims"] };
    const framework = createFramework({ filters: [plugin], scores: [] });
    expect(() => framework.schedule(testPod("p"), nodes(3))).toThrow(
      new FitError("default/p", 3, new Map(), ["pod has unbound claims"]),
    );
    expect(() => framework.schedule(testPod("p"), nodes(3))).toThrow(
      "0/3 nodes are available: pod has unbound claims.",
    );
  });

  it("gives PreScore the feasible nodes and normalizes raw scores", () => {
    const counted = new StateKey<number>("feasible");
    const plugin: SchedulerPlugin = {
      name: "PreferLast",
      filter: (_pod, node) => (nameOf(node) === "n0000" ? ["no"] : undefined),
      preScore: (_pod, feasible, _snapshot, state) => state.write(counted, feasible.length),
      score: (_pod, node, state) => Number(nameOf(node).slice(1)) * state.require(counted),
      normalizeScore: (scores) => scores.map((score) => (score === Math.max(...scores) ? 100 : 0)),
    };
    const framework = createFramework({ filters: [plugin], scores: [{ plugin, weight: 1 }] });
    expect(framework.schedule(testPod("p"), nodes(4))).toMatchObject({ nodeName: "n0003", score: 100 });
  });

  it("undoes the reserve plugins that ran when one fails, in reverse order", () => {
    const calls: string[] = [];
    const reserver = (name: string, fail = false): SchedulerPlugin => ({
      name,
      reserve() {
        calls.push(`reserve ${name}`);
        if (fail) throw new Error(`${name} failed`);
      },
      unreserve: () => calls.push(`unreserve ${name}`),
    });
    const framework = createFramework({
      filters: [],
      scores: [],
      reserves: [reserver("A"), reserver("B", true), reserver("C")],
    });
    expect(() => framework.reserve(testPod("p"), "n", new CycleState())).toThrow("B failed");
    expect(calls).toEqual(["reserve A", "reserve B", "unreserve B", "unreserve A"]);
  });

  it("asks bind plugins in order until one binds", async () => {
    const bound: string[] = [];
    const binder = (name: string, claims: boolean): SchedulerPlugin => ({
      name,
      bind: async (pod: Pod) => {
        if (claims) bound.push(`${name}:${pod.metadata?.name}`);
        return claims;
      },
    });
    const framework = createFramework({
      filters: [],
      scores: [],
      binders: [binder("Skip", false), binder("Take", true), binder("Never", true)],
    });
    expect(await framework.bind(testPod("p"), "n", new CycleState())).toBe(true);
    expect(bound).toEqual(["Take:p"]);
    expect(await createFramework({ filters: [], scores: [] }).bind(testPod("p"), "n", new CycleState())).toBe(
      false,
    );
  });

  it("rejects plugins enabled where they have no extension point, and a bad percentage", () => {
    expect(() => createFramework({ filters: [{ name: "Empty" }], scores: [] })).toThrow(
      /no PreFilter or Filter/,
    );
    expect(() =>
      createFramework({ filters: [], scores: [{ plugin: { name: "Empty" }, weight: 1 }] }),
    ).toThrow(/no Score/);
    expect(() => createFramework({ filters: [], scores: [], percentageOfNodesToScore: 101 })).toThrow(
      /0-100/,
    );
  });
});

describe("percentageOfNodesToScore", () => {
  it("computes Kubernetes' adaptive number of feasible nodes to find", () => {
    expect(numFeasibleNodesToFind(50, 0)).toBe(50);
    expect(numFeasibleNodesToFind(500, 0)).toBe(230); // 46%
    expect(numFeasibleNodesToFind(5000, 0)).toBe(500); // 10%
    expect(numFeasibleNodesToFind(6000, 0)).toBe(300); // floor of 5%
    expect(numFeasibleNodesToFind(1000, 5)).toBe(100); // never fewer than 100
    expect(numFeasibleNodesToFind(1000, 100)).toBe(1000);
  });

  it("stops filtering once enough nodes are feasible and starts the next cycle where it stopped", () => {
    const evaluated: string[] = [];
    const spy: SchedulerPlugin = {
      name: "Spy",
      filter: (_pod, node) => {
        evaluated.push(nameOf(node));
        return undefined;
      },
    };
    const framework = createFramework({ filters: [spy], scores: [], percentageOfNodesToScore: 10 });
    const all = nodes(1000);
    expect(framework.schedule(testPod("p"), all)).toMatchObject({ feasibleNodes: 100, evaluatedNodes: 100 });
    expect(evaluated[0]).toBe("n0000");
    evaluated.length = 0;
    framework.schedule(testPod("q"), all);
    expect(evaluated[0]).toBe("n0100");
    expect(evaluated).toHaveLength(100);
  });

  it("checks every node when too few are feasible, so the failure message covers them all", () => {
    const none: SchedulerPlugin = { name: "None", filter: () => ["Insufficient cpu"] };
    const framework = createFramework({ filters: [none], scores: [], percentageOfNodesToScore: 10 });
    expect(() => framework.schedule(testPod("p"), nodes(1000))).toThrow(
      "0/1000 nodes are available: 1000 Insufficient cpu.",
    );
  });
});
